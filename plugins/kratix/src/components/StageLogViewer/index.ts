export { StageLogViewer } from './StageLogViewer';
