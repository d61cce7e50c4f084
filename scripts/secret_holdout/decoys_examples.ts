/** Corpus sections: decoys: placeholders, documented examples, public keys, hashes. @module */

import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import type { Builder } from "./builder.ts";
import { b64, BASE62, concat, ed25519Parts, HEX, pick, sshString, uuid } from "./tokens.ts";

export function decoyPlaceholders(b: Builder): void {
  // --- placeholders --------------------------------------------------------
  const E = ".env.example";
  b.add(E, "# copy to .env and fill in");
  const placeholders: [string, string, string][] = [
    [
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "placeholder-repeated-x",
    ],
    [
      "STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
      "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
      "placeholder-repeated-x",
    ],
    ["OPENAI_API_KEY=<your-openai-api-key>", "<your-openai-api-key>", "placeholder-angle"],
    ["DB_PASSWORD=changeme", "changeme", "placeholder-changeme"],
    ["SENDGRID_API_KEY=${SENDGRID_API_KEY}", "${SENDGRID_API_KEY}", "placeholder-env-reference"],
    [
      "AWS_SECRET_ACCESS_KEY=your_secret_access_key_here",
      "your_secret_access_key_here",
      "placeholder-words",
    ],
    ["SLACK_BOT_TOKEN=xoxb-your-token", "xoxb-your-token", "placeholder-prefix-only"],
    ["JWT_SECRET=", "JWT_SECRET=", "placeholder-empty"],
    ["REDIS_PASSWORD=********", "********", "placeholder-stars"],
  ];
  for (const [line, value, kind] of placeholders) {
    b.decoy(E, line, { kind, value, why: "template value, never a credential" });
  }
  b.add("deploy/helm/templates/secret.yaml", "apiVersion: v1\nkind: Secret\nstringData:")
    .decoy("deploy/helm/templates/secret.yaml", '  password: "{{ .Values.db.password }}"', {
      kind: "placeholder-template",
      value: "{{ .Values.db.password }}",
      why: "Helm template reference",
    })
    .decoy("deploy/helm/templates/secret.yaml", "  api_key: {{ secret }}", {
      kind: "placeholder-template",
      value: "{{ secret }}",
      why: "Jinja-style reference",
    });
  b.add("services/worker/config.py", "import os\n")
    .decoy("services/worker/config.py", 'API_KEY = os.getenv("ACME_API_KEY")', {
      kind: "reference-os-getenv",
      value: 'os.getenv("ACME_API_KEY")',
      why: "reads the environment",
    })
    .decoy("services/worker/config.py", "DB_PASSWORD = os.environ['DB_PASSWORD']", {
      kind: "reference-os-environ",
      value: "os.environ['DB_PASSWORD']",
      why: "reads the environment",
    })
    .decoy("services/worker/config.py", "password = get_secret('orders/db-password')", {
      kind: "reference-secret-manager",
      value: "get_secret('orders/db-password')",
      why: "fetched at run time",
    })
    .decoy("services/worker/config.py", "PASSWORD_MIN_LENGTH = 12", {
      kind: "keyword-not-secret",
      value: "12",
      why: "a setting, not a password",
    });
  b.add("apps/web/src/env.ts", "")
    .decoy("apps/web/src/env.ts", 'export const stripeKey = process.env.STRIPE_SECRET_KEY ?? "";', {
      kind: "reference-process-env",
      value: "process.env.STRIPE_SECRET_KEY",
      why: "reads the environment",
    })
    .decoy("apps/web/src/env.ts", 'const token = Deno.env.get("GITHUB_TOKEN");', {
      kind: "reference-deno-env",
      value: 'Deno.env.get("GITHUB_TOKEN")',
      why: "reads the environment",
    })
    .decoy("apps/web/src/env.ts", 'const password = form.get("password") as string;', {
      kind: "keyword-not-secret",
      value: 'form.get("password")',
      why: "form field name",
    })
    .decoy("apps/web/src/env.ts", 'export const PASSWORD_FIELD = "current-password";', {
      kind: "keyword-not-secret",
      value: "current-password",
      why: "autocomplete attribute value",
    });
  b.add("infra/main.tf", 'resource "aws_db_instance" "orders" {\n  engine   = "postgres"')
    .decoy("infra/main.tf", "  password = var.db_password", {
      kind: "reference-terraform-var",
      value: "var.db_password",
      why: "Terraform variable reference",
    })
    .decoy(
      "infra/main.tf",
      '  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/' + uuid() + '"',
      { kind: "aws-arn", value: "arn:aws:kms", why: "resource identifier, not a secret" },
    )
    .add("infra/main.tf", "}");
  b.add(
    "deploy/k8s/deployment.yaml",
    "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: orders-db",
  )
    .decoy("deploy/k8s/deployment.yaml", "        key: password", {
      kind: "reference-secret-key-ref",
      value: "key: password",
      why: "reference to a k8s Secret",
    });
}

export function decoyDocumentedExamples(b: Builder): void {
  // --- documented examples ------------------------------------------------
  b.add("docs/aws.md", "# AWS setup\n\nThe AWS docs use this example pair:\n\n```ini")
    .decoy("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", {
      kind: "documented-example-aws",
      value: "AKIAIOSFODNN7EXAMPLE",
      why: "AWS's documented example key",
    })
    .decoy("docs/aws.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", {
      kind: "documented-example-aws",
      value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      why: "AWS's documented example secret",
    })
    .add("docs/aws.md", "```");
  const jwtIo =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  b.add("docs/auth.md", "Paste a token like the jwt.io example:\n")
    .decoy("docs/auth.md", `    Authorization: Bearer ${jwtIo}`, {
      kind: "documented-example-jwt",
      value: jwtIo,
      expect: "may-warn",
      why: "jwt.io's public example token (secret 'your-256-bit-secret')",
    });
}

export function decoyPublicKeys(b: Builder): void {
  // --- public keys --------------------------------------------------------
  const pubPem = (generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
    type: "spki",
    format: "pem",
  }) as string).trim();
  b.decoy("config/jwt-public.pem", pubPem, {
    kind: "public-key-pem",
    value: pubPem,
    why: "public keys are meant to be shared",
  });
  const sshPub = `ssh-ed25519 ${b64(ed25519Parts().pubBlob)} alice@laptop`;
  const rsaPubBlob = concat(
    sshString("ssh-rsa"),
    sshString(new Uint8Array([1, 0, 1])),
    sshString(concat(new Uint8Array([0]), randomBytes(256))),
  );
  const sshRsa = `ssh-rsa ${b64(rsaPubBlob)} bob@ci`;
  b.decoy("deploy/authorized_keys", sshPub, {
    kind: "ssh-public-key",
    value: sshPub,
    why: "authorized_keys holds public keys",
  })
    .decoy("deploy/authorized_keys", sshRsa, {
      kind: "ssh-public-key",
      value: sshRsa,
      why: "authorized_keys holds public keys",
    });
  const hostKey = `github.com ssh-ed25519 ${b64(ed25519Parts().pubBlob)}`;
  b.decoy("deploy/known_hosts", hostKey, {
    kind: "ssh-known-host",
    value: hostKey.split(" ")[2],
    why: "host public key",
  });
}

export function decoyHashes(b: Builder): void {
  // --- hashes and integrity ----------------------------------------------
  const integrity = "sha512-" + b64(randomBytes(64));
  b.add(
    "package-lock.json",
    '{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",',
  )
    .decoy("package-lock.json", `      "integrity": "${integrity}"`, {
      kind: "npm-integrity",
      value: integrity,
      why: "content hash in a lockfile",
    })
    .add("package-lock.json", "    }\n  }\n}");
  const yarnSum = pick(HEX, 40);
  b.add("yarn.lock", 'left-pad@^1.3.0:\n  version "1.3.0"')
    .decoy(
      "yarn.lock",
      `  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${yarnSum}"`,
      { kind: "yarn-sha1", value: yarnSum, why: "tarball hash" },
    )
    .decoy("yarn.lock", `  integrity sha512-${b64(randomBytes(64))}`, {
      kind: "npm-integrity",
      value: "integrity sha512-",
      why: "content hash",
    });
  const goSum = `golang.org/x/crypto v0.28.0 h1:${b64(randomBytes(32))}`;
  b.decoy("go.sum", goSum, { kind: "go-sum", value: goSum, why: "module hash" })
    .decoy("go.sum", `golang.org/x/crypto v0.28.0/go.mod h1:${b64(randomBytes(32))}`, {
      kind: "go-sum",
      value: "go.mod h1:",
      why: "module hash",
    });
  const cargo = pick(HEX, 64);
  b.add(
    "Cargo.lock",
    '[[package]]\nname = "serde"\nversion = "1.0.210"\nsource = "registry+https://github.com/rust-lang/crates.io-index"',
  )
    .decoy("Cargo.lock", `checksum = "${cargo}"`, {
      kind: "sha256-hex",
      value: cargo,
      why: "crate checksum",
    });
  const sha = createHash("sha256").update(randomBytes(16)).digest("hex");
  b.add("dist/SHA256SUMS", "")
    .decoy("dist/SHA256SUMS", `${sha}  acme-cli-linux-x64.tar.gz`, {
      kind: "sha256-hex",
      value: sha,
      why: "release checksum",
    });
  const gitSha = pick(HEX, 40);
  b.add("CHANGELOG.md", "## 2.4.0\n")
    .decoy("CHANGELOG.md", `- Fix retry storm (${gitSha})`, {
      kind: "git-sha",
      value: gitSha,
      why: "commit id",
    });
  const digest = "sha256:" + pick(HEX, 64);
  b.decoy("deploy/k8s/deployment.yaml", `image: registry.acme.io/orders@${digest}`, {
    kind: "docker-digest",
    value: digest,
    why: "image digest",
  });
  const bcrypt = "$2b$12$" + pick(BASE62 + "./", 53);
  b.add("tests/fixtures/users.json", '[\n  {\n    "email": "test-user@example.com",')
    .decoy("tests/fixtures/users.json", `    "password_hash": "${bcrypt}"`, {
      kind: "bcrypt-hash-test",
      value: bcrypt,
      expect: "may-warn",
      why: "bcrypt hash in a test fixture (a hash, not a password)",
    })
    .add("tests/fixtures/users.json", "  }\n]");
  const sri = "sha384-" + b64(randomBytes(48));
  b.add("public/index.html", "<!doctype html>\n<html><head>")
    .decoy(
      "public/index.html",
      `<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.min.js" integrity="${sri}" crossorigin="anonymous"></script>`,
      { kind: "sri-hash", value: sri, why: "subresource integrity" },
    );
}
