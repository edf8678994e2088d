export { PromiseTemplateButton } from './PromiseTemplateButton';
