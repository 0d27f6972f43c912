// Runs a command the way a user does: F1, its title typed into the Command Palette, Enter. Split in two so that a
// case can arm its watchers between choosing the command and pressing Enter (the moment its wait begins).
'use strict';

/** Opens the palette with `title` typed and its row shown; the caller presses Enter. */
async function chooseCommand(page, title) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 880 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
}

module.exports = { chooseCommand };
