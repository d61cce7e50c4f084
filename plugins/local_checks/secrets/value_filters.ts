/**
 * What an assigned value must not be to count as a password: a reference to
 * somewhere else (`${DB_PASSWORD}`, `os.environ["X"]`, `var.db_password`,
 * `{{ secrets.X }}`, `<your-password>`), a placeholder (`changeme`, `xxxx`,
 * `****`), a documented development default (`postgres`, `guest`), a
 * boolean, a number, a path or a URL. And which keys are public by design
 * (Stripe publishable keys, reCAPTCHA site keys).
 * @module
 */

const REFERENCE = new RegExp(
  [
    String.raw`^\$`, // $VAR ${VAR} $(cmd) ${{ expr }}
    String.raw`^%[({]?\w+[)}%]?s?$`, // %(name)s %VAR%
    String.raw`^\{\{.*\}\}$`,
    String.raw`^#\{`,
    String.raw`^@\w+@$`,
    String.raw`^<[^>]*>$`,
    String.raw`^\[[^\]]*\]$`,
    String.raw`^!(?:vault|ref|sub|getatt|secret)`,
    String
      .raw`^(?:vault|ref\+|op|sm|ssm|secretsmanager|awssecretsmanager|gcp-secret|azure-keyvault|keyvault|env|file|secret)://`,
    String.raw`^(?:vault|arn):`,
    String.raw`^(?:var|local|data|module|each|self|path|terraform)\.[\w.\[\]"-]+$`,
    String
      .raw`(?:os\.environ|os\.getenv|getenv\(|process\.env|ENV\[|System\.getenv|Deno\.env|env\(|config\(|secrets\.|settings\.)`,
    String.raw`^ENC\(.*\)$`,
    String.raw`^ENC\[[A-Z0-9_]+,`, // SOPS
    String.raw`^\$ANSIBLE_VAULT;`,
    String.raw`^@Microsoft\.KeyVault\(`, // Azure App Service Key Vault reference
    String.raw`\$\{[^}]*\}`, // interpolation anywhere: a template, not a literal
  ].join("|"),
  "i",
);

const PLACEHOLDER = new RegExp(
  [
    String.raw`^(.)\1*$`, // one character repeated
    String.raw`x{4,}|\*{3,}|\.{3,}|…`,
    String
      .raw`^(?:change[_ -]?(?:me|it|this)|replace[_ -]?me|todo|tbd|fixme|none|null|nil|undefined|true|false|yes|no|on|off|empty|unset|required|optional|string|str|text|value|hidden|masked)$`,
    String
      .raw`^(?:your|my|the|some|insert|enter|put|add)[_ -]?[\w-]*(?:password|secret|token|key|here)[\w-]*$`,
    String.raw`example|placeholder|dummy|sample|redacted|not[_ -]?a[_ -]?secret`,
  ].join("|"),
  "i",
);

/** Passwords that documentation sets for local services (`postgres:postgres`), not secrets. */
export const DEV_DEFAULTS: ReadonlySet<string> = new Set([
  "postgres",
  "postgresql",
  "guest",
  "root",
  "admin",
  "administrator",
  "password",
  "passwd",
  "pass",
  "secret",
  "test",
  "testing",
  "dev",
  "development",
  "demo",
  "mysql",
  "redis",
  "mongo",
  "minioadmin",
  "rabbitmq",
  "sa",
  "user",
  "default",
  "local",
  "localhost",
  "docker",
  "changeit",
  "keycloak",
  "airflow",
  "superset",
  "elastic",
  "neo4j",
]);

/**
 * Why an assigned value is not a password, or `undefined` when it may be one.
 *
 * @example
 * ```ts
 * notAPassword("${DB_PASSWORD}"); // "reference"
 * notAPassword("S3cr3t!x");      // undefined
 * ```
 */
export function notAPassword(value: string): string | undefined {
  if (value.length === 0) return "empty";
  if (REFERENCE.test(value)) return "reference";
  if (PLACEHOLDER.test(value)) return "placeholder";
  if (DEV_DEFAULTS.has(value.toLowerCase())) return "development default";
  if (/^[+-]?\d+(?:\.\d+)?$/.test(value) && value.length < 8) return "number";
  if (/^(?:\/|\.\.?\/|~\/|[a-z][\w+.-]*:\/\/|[A-Z]:\\)/i.test(value)) return "path or URL";
  if (/^[\w.]+\(.*\)$/.test(value)) return "function call";
  return undefined;
}

/** Hosts a connection string may name for a development default. */
const LOCAL_HOST =
  /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|::1|host\.docker\.internal|[a-z][\w-]*)$/i;

/**
 * True for a documented development default in a URL: user and password
 * equal or a known default (`postgres:postgres`, `guest:guest`), on a local
 * host or a single-label (Compose service) host.
 */
export function isLocalDevDefault(user: string, password: string, host: string): boolean {
  if (!LOCAL_HOST.test(host)) return false;
  const lower = password.toLowerCase();
  return lower === user.toLowerCase() || DEV_DEFAULTS.has(lower);
}

/**
 * True for keys that are public by design and end up in browsers: Stripe
 * publishable keys, Mapbox `pk.` tokens, reCAPTCHA site keys (next to a
 * `site` name). Google API keys are NOT in this list (the same shape is a
 * billable server key); in a Firebase web config they are warnings
 * (`token_rules.ts`).
 */
export function isPublicByDesign(value: string, name = ""): boolean {
  if (/^pk_(?:live|test)_/.test(value)) return true;
  if (/^pk\.eyJ[\w-]+\.[\w-]+$/.test(value)) return true; // Mapbox public token (sk. is the secret one)
  if (/^phc_\w{30,}$/.test(value)) return true; // PostHog project key (its personal keys are phx_)
  if (/^6L[\w-]{38}$/.test(value) && /site|public|recaptcha_key$/i.test(name)) return true;
  return false;
}

/**
 * Names that say their value is public: a publishable, site, anonymous or
 * search-only key, anything `public` (`NEXT_PUBLIC_…`, `publicKey`). The
 * token rules still report a value whose shape is a secret.
 */
export function isPublicName(name: string): boolean {
  return /public|publishable|site[_.-]?key|anon[_.-]?key|search[_.-]?(?:only[_.-]?)?(?:api[_.-]?)?key|read[_.-]?only[_.-]?(?:api[_.-]?)?key/i
    .test(name);
}
