// Cache analysis and search inside values: plain Node, shared by the extension's panel and the CLI.
export { AnalysisAccumulator, analyzeBatches, analyzeCache, analyzeEntries, DEFAULT_SEPARATOR } from './analyze';
export { analysisToMarkdown, flatten } from './markdown';
export { formatBytes, formatCount, formatShare, plural } from './formatting';
export { NO_NAMESPACE } from './namespaces';
export { recommendationText } from './recommendationText';
export { EXPIRY_BUCKETS } from './timeline';
export { reasonOf } from './unreadableReasons';
export * from './types';
