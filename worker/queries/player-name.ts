export { shownName } from '../db/scopes.ts';
