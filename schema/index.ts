export * from './communities.ts';
export * from './ingest.ts';
export * from './rounds.ts';
export * from './recompute.ts';
export * from './discord.ts';
export * from './admin.ts';
export * from './announcements.ts';
export * from './rating.ts';
