// What commands act on, handed to each command file by activate.
import type { CacheFolders } from '../cacheFolders';
import type { EntryListing } from '../entryListing';
import type { ExpiredCleanup } from '../expiredCleanup';
import type { Log } from '../log';
import type { CacheView } from '../tree/cacheView';

export interface CommandDeps {
  folders: CacheFolders;
  listing: EntryListing;
  view: CacheView;
  cleanup: ExpiredCleanup;
  log: Log;
}
