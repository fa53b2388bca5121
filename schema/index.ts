export * from './ingest.ts';
export * from './rounds.ts';
