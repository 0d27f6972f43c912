// How much of a value documents and hovers read: the budgets that keep every user action bounded.

/** A hover reads at most this much of the file, and shows at most this many lines. */
export const TOOLTIP_BYTES = 16 * 1024;
export const TOOLTIP_LINES = 12;

/** A read-only preview of a value over maxEditableSize reads at most this much, and shows at most this many lines. */
export const PREVIEW_BYTES = 64 * 1024;
export const PREVIEW_LINES = 1000;
