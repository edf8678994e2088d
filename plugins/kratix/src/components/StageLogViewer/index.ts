export { StageLogViewer } from './StageLogViewer';
export { parseAnsiLine, parseAnsiLines, stripAnsi } from './ansi';
