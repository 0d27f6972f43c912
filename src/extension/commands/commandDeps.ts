// What commands act on, handed to each command file by activate.
import type { ExpiredCleanup } from '../cleanup/expiredCleanup';
import type { Log } from '../log';
import type { CacheFolders } from '../model/cacheFolders';
import type { CacheView } from '../tree/cacheView';

export interface CommandDeps {
  folders: CacheFolders;
  view: CacheView;
  cleanup: ExpiredCleanup;
  log: Log;
}
