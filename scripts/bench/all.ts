/**
 * `deno task bench`: runs every benchmark in this folder in turn, each as its
 * own process so one cannot disturb the next, with `--cached-only` as
 * super-agents runs (the task caches every module first).
 * @module
 */

const dir = new URL(".", import.meta.url).pathname;
const only = Deno.args;
const names = [...Deno.readDirSync(dir)]
  .map((entry) => entry.name)
  .filter((name) => name.endsWith(".ts") && name !== "all.ts" && !name.startsWith("_"))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();
let failures = 0;
for (const name of names) {
  console.log(`\n== ${name}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--cached-only", `${dir}${name}`],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) failures++;
}
Deno.exit(failures ? 1 : 0);
