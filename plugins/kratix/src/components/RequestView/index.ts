export { RequestView } from './RequestView';
export { isRequestLive, isRunLive } from './isRequestLive';
