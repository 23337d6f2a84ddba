/**
 * The record's pure core: the RFC 9162 Merkle tree and its proofs, Ed25519 identities, C2SP signed
 * notes and checkpoints. No storage and no I/O here; the durable log builds on these.
 */
export * from './merkle.js';
export * from './note.js';
export * from './keys.js';
export * from './checkpoint.js';
export * from './entry.js';
export * from './witness.js';
export * from './logfile.js';
export * from './log.js';
export * from './findings.js';
