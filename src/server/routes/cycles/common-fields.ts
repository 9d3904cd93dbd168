// Moved to src/contract/fields.ts; this re-export goes once the link schemas move there too.
export * from '../../../contract/fields';
