// `npm run bench [-- NAME...]`: runs the benchmarks (all, or those named) and prints their figures.
// Speed and memory targets are checked here, never by timed unit tests.
const benches: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  parse: () => import('./parse.ts'),
  import: () => import('./import.ts'),
  ingest: () => import('./ingest.ts'),
  'stats-lua': () => import('./stats-lua.ts'),
  recompute: () => import('./recompute.ts'),
  commands: () => import('./commands.ts'),
  render: () => import('./render.ts'),
  rating: () => import('./rating.ts'),
  site: () => import('./site.ts'),
};

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benches));
  if (unknown.length > 0)
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`,
    );
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    console.log(`\n== ${name}`);
    const started = performance.now();
    await (await benches[name]?.())?.default();
    console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
