export { PromiseApiTable } from './PromiseApiTable';
export { schemaFields, type ApiField } from './schemaFields';
