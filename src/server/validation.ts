// Moved to src/contract/validation.ts; this re-export goes once the link schemas move there too.
export * from '../contract/validation';
