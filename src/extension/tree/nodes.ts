// Every kind of node the Cache Entries tree shows.
import type { EntryNode } from './entryNode';
import type { FolderNode } from './folderNode';
import type { GroupNode } from './groupNode';
import type { LoadMoreNode } from './loadMoreNode';
import type { MessageNode } from './messageNode';

export type ParentNode = FolderNode | GroupNode;
export type CacheNode = FolderNode | GroupNode | EntryNode | LoadMoreNode | MessageNode;
