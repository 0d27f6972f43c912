// Find in Values: search inside the cache's values, in linear time, without loading a value whole.
export { LinearPattern, MAX_PROGRAM_SIZE, type PatternMatch } from './patternMachine';
export { MAX_PATTERN_LENGTH, PatternError } from './patternSyntax';
export { compileQuery, foldCase, type TextMatcher, type ValueQuery } from './textMatcher';
export { searchCache, searchValues, type ValueMatch, type ValueSearchOptions, type ValueSearchReport } from './valueSearch';
