import assert from "node:assert/strict";
import { parseYaml as parse } from "../../../plugins/local_checks/deps.ts";
import { azurePipeline } from "../../../plugins/ci/azure.ts";
import { githubWorkflow } from "../../../plugins/ci/github.ts";
import { gitlabPipeline } from "../../../plugins/ci/gitlab.ts";
import { jenkinsPipeline } from "../../../plugins/ci/jenkins.ts";
import { defaultPipelineOptions } from "../../../plugins/ci/pipeline_options.ts";

const options = { ...defaultPipelineOptions(), shards: 3 };
type Step = {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
  script?: string;
  task?: string;
};

Deno.test("GitHub Actions: check uploads SARIF, tests run as a 3-shard matrix", () => {
  const workflow = parse(githubWorkflow(options).content);
  const check: Step[] = workflow.jobs.check.steps;
  assert.ok(check.some((s) => s.run?.includes("npm install -g deno@2.9.6")));
  assert.ok(check.some((s) => s.uses === "actions/cache@v4"));
  const run = check.find((s) => s.run?.startsWith("super-agents check"))!;
  assert.match(run.run!, /--changed-since "\$BASE" --format sarif --output super-agents\.sarif/);
  const upload = check.find((s) => s.uses === "github/codeql-action/upload-sarif@v3")!;
  assert.equal(upload.with?.sarif_file, "super-agents.sarif");
  assert.match(upload.if!, /always\(\)/);
  assert.equal(workflow.permissions["security-events"], "write");
  assert.deepEqual(workflow.jobs.test.strategy.matrix.shard, [1, 2, 3]);
  const test: Step[] = workflow.jobs.test.steps;
  assert.ok(
    test.some((s) =>
      s.run === 'super-agents run test-executor-check --shard "${{ matrix.shard }}/3" all'
    ),
  );
});

Deno.test("GitLab CI: JUnit report artifact and parallel test jobs", () => {
  const pipeline = parse(gitlabPipeline(options).content);
  assert.deepEqual(pipeline.stages, ["check", "test"]);
  const check = pipeline["super-agents-check"];
  assert.equal(check.extends, ".super-agents");
  assert.equal(check.artifacts.reports.junit, "super-agents-junit.xml");
  assert.equal(check.artifacts.when, "always");
  assert.ok(
    check.script.some((line: string) =>
      line.includes("--format junit --output super-agents-junit.xml")
    ),
  );
  assert.ok(pipeline[".super-agents"].before_script.includes("npm install -g deno@2.9.6"));
  assert.deepEqual(pipeline[".super-agents"].cache.paths, [".cache/"]);
  assert.equal(pipeline["super-agents-tests"].parallel, 3);
  assert.deepEqual(pipeline["super-agents-tests"].script, [
    'super-agents run test-executor-check --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" all',
  ]);
});

Deno.test("Azure Pipelines: PublishTestResults and a parallel strategy", () => {
  const pipeline = parse(azurePipeline(options).content);
  const [check, tests] = pipeline.jobs;
  const steps: Step[] = check.steps;
  assert.ok(steps.some((s) => s.task === "Cache@2"));
  assert.ok(steps.some((s) => s.script?.includes("npm install -g deno@2.9.6")));
  assert.ok(
    steps.some((s) => s.script?.includes("--format junit --output super-agents-junit.xml")),
  );
  const publish = steps.find((s) => s.task === "PublishTestResults@2") as Step & {
    inputs: Record<string, string>;
  };
  assert.equal(publish.inputs.testResultsFormat, "JUnit");
  assert.equal(tests.strategy.parallel, 3);
  assert.ok(
    tests.steps.some((s: Step) =>
      s.script?.includes("$(System.JobPositionInPhase)/$(System.TotalJobsInPhase)")
    ),
  );
});

/** Strips Groovy strings and comments, then checks that braces and parentheses balance. */
function balanced(groovy: string): boolean {
  const code = groovy
    .replace(/'''[\s\S]*?'''/g, "''")
    .replace(/"(?:\\.|[^"\\])*"/g, '""')
    .replace(/'(?:\\.|[^'\\])*'/g, "''")
    .replace(/\/\/.*$/gm, "");
  const stack: string[] = [];
  const pairs: Record<string, string> = { "}": "{", ")": "(" };
  for (const char of code) {
    if (char === "{" || char === "(") stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) return false;
  }
  return stack.length === 0;
}

Deno.test("Jenkinsfile: balanced declarative structure with junit and parallel shards", () => {
  const { path, content } = jenkinsPipeline(options);
  assert.equal(path, "Jenkinsfile");
  assert.ok(balanced(content));
  assert.ok(!balanced(content + "}"));
  assert.match(content, /^pipeline \{/m);
  for (
    const section of [
      "agent",
      "environment",
      "stages",
      "stage('Install')",
      "stage('Check')",
      "post",
      "parallel",
    ]
  ) {
    assert.ok(content.includes(`${section} {`), section);
  }
  assert.match(content, /junit allowEmptyResults: true, testResults: 'super-agents-junit\.xml'/);
  assert.equal(content.match(/stage\('shard \d\/3'\)/g)?.length, 3);
  assert.match(content, /super-agents run test-executor-check --shard "2\/3" all/);
  assert.match(content, /npm install -g deno@2\.9\.6/);
});
