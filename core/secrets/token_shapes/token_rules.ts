/**
 * Rules for tokens with a shape of their own: a provider prefix (`ghp_`,
 * `SG.`, `hvs.`, `dop_v1_`, …), a fixed length or alphabet, and where the
 * format has one, a checksum or structure that is verified (GitHub and npm
 * CRC32, PyPI macaroons, Discord user ids, JWT headers, private key bodies).
 * Covers the formats of gitleaks' default rule set and a few more; written
 * for this scanner (ids, patterns and checks are ours).
 * @module
 */

import { hasTokenChecksum, isDiscordBotToken, isPypiMacaroon } from "./checksums.ts";
import { inFirebaseWebConfig, isJwt, privateKeyVerdict } from "./token_checks.ts";
import { type SecretRule, tokenRule, type Verdict } from "./rule.ts";

/** A GitHub or npm token always carries its checksum: one that does not match is not a token. */
const checksum = (token: string): Verdict => (hasTokenChecksum(token) ? "secret" : "not-secret");
const b62 = "[A-Za-z0-9]";
const hex = "[a-f0-9]";

/** Every token rule, most specific first (a span matched by an earlier rule is not reported again). */
export const TOKEN_RULES: readonly SecretRule[] = [
  {
    id: "private-key",
    label: "private key block",
    regex: /-----BEGIN[ A-Z0-9_-]{0,60}PRIVATE KEY(?: BLOCK)?-----/g,
    keywords: ["private key"],
    severity: "error",
    check: privateKeyVerdict,
  },
  tokenRule(
    "aws-access-key-id",
    "AWS access key id",
    "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}",
    [
      "akia",
      "asia",
      "abia",
      "acca",
      "a3t",
    ],
    { check: (key) => (key.endsWith("EXAMPLE") ? "not-secret" : "secret"), minEntropy: 3 },
  ),
  tokenRule("github-token", "GitHub token", `gh[pousr]_${b62}{36}`, [
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
  ], {
    check: checksum,
  }),
  tokenRule("github-fine-grained-pat", "GitHub fine-grained token", String.raw`github_pat_\w{82}`, [
    "github_pat_",
  ]),
  tokenRule("npm-token", "npm access token", `npm_${b62}{36}`, ["npm_"], { check: checksum }),
  tokenRule("pypi-token", "PyPI upload token", String.raw`pypi-AgE[\w-]{60,1000}`, ["pypi-age"], {
    check: (token) => (isPypiMacaroon(token) ? "secret" : "doubtful"),
  }),
  tokenRule(
    "gitlab-token",
    "GitLab token",
    String.raw`gl(?:pat|ptt|dt|rt|soat|ft|imt|cbt|oas|agent|ffct)-[\w-]{20,300}(?:\.[0-9a-z]{9})?`,
    [
      "glpat-",
      "glptt-",
      "gldt-",
      "glrt-",
      "glsoat-",
      "glft-",
      "glimt-",
      "glcbt-",
      "gloas-",
      "glagent-",
      "glffct-",
    ],
    { minEntropy: 3 },
  ),
  tokenRule(
    "gitlab-runner-registration-token",
    "GitLab runner registration token",
    String.raw`GR1348941[\w-]{20}`,
    ["gr1348941"],
  ),
  tokenRule("gitlab-session-cookie", "GitLab session cookie", `(?<=_gitlab_session=)[0-9a-z]{32}`, [
    "_gitlab_session=",
  ]),
  tokenRule(
    "slack-token",
    "Slack token",
    String.raw`xox(?:[abposr]|e\.xox[bp])-[0-9A-Za-z-]{10,250}`,
    ["xox"],
    { minEntropy: 2.5 },
  ),
  tokenRule("slack-app-token", "Slack app token", String.raw`xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+`, [
    "xapp-",
  ]),
  tokenRule(
    "slack-webhook",
    "Slack webhook URL",
    String
      .raw`(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{30,}`,
    [
      "hooks.slack.com",
    ],
  ),
  tokenRule(
    "discord-webhook",
    "Discord webhook URL",
    String.raw`https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{15,20}/[\w-]{60,70}`,
    [
      "discord",
    ],
  ),
  tokenRule(
    "discord-bot-token",
    "Discord bot token",
    String.raw`[MNO][A-Za-z0-9_-]{23,27}\.[\w-]{6}\.[\w-]{27,40}`,
    [],
    {
      check: (token) => (isDiscordBotToken(token) ? "secret" : "not-secret"),
    },
  ),
  tokenRule("telegram-bot-token", "Telegram bot token", String.raw`\d{8,10}:AA[\w-]{33}`, [":aa"]),
  tokenRule(
    "microsoft-teams-webhook",
    "Microsoft Teams webhook URL",
    String.raw`https://[\w-]+\.webhook\.office\.com/webhookb2/[\w@/-]{60,}`,
    [
      "webhook.office.com",
    ],
  ),
  tokenRule("stripe-secret-key", "Stripe secret key", `(?:sk|rk)_(?:live|prod)_${b62}{10,99}`, [
    "sk_live",
    "rk_live",
    "sk_prod",
    "rk_prod",
  ]),
  tokenRule("stripe-test-key", "Stripe test key", `(?:sk|rk)_test_${b62}{10,99}`, [
    "sk_test",
    "rk_test",
  ], { severity: "warning" }),
  tokenRule(
    "anthropic-api-key",
    "Anthropic API key",
    String.raw`sk-ant-(?:api|admin|oat|sid)\d\d-[\w-]{80,120}`,
    ["sk-ant-"],
  ),
  tokenRule(
    "openai-api-key",
    "OpenAI API key",
    String.raw`sk-(?:(?:proj|svcacct|admin)-[\w-]{40,200}|${b62}{20}T3BlbkFJ${b62}{20})`,
    ["sk-"],
    {
      minEntropy: 3.5,
    },
  ),
  tokenRule("google-api-key", "Google API key", String.raw`AIza[\w-]{35}`, ["aiza"], {
    minEntropy: 3.5,
    check: (_key, text, end) => (inFirebaseWebConfig(text, end) ? "doubtful" : "secret"),
  }),
  tokenRule(
    "google-oauth-client-secret",
    "Google OAuth client secret",
    String.raw`GOCSPX-[\w-]{28}`,
    ["gocspx-"],
  ),
  tokenRule("sendgrid-api-key", "SendGrid API key", String.raw`SG\.[\w-]{22}\.[\w-]{43}`, ["sg."]),
  tokenRule("vault-token", "HashiCorp Vault token", String.raw`hv[sbr]\.[\w-]{90,300}`, [
    "hvs.",
    "hvb.",
    "hvr.",
  ], { minEntropy: 3.5 }),
  tokenRule("huggingface-token", "Hugging Face token", `(?:hf_|api_org_)${b62}{34}`, [
    "hf_",
    "api_org_",
  ], { minEntropy: 3 }),
  tokenRule("digitalocean-token", "DigitalOcean token", `do[opr]_v1_${hex}{64}`, [
    "do_v1_",
    "dop_v1_",
    "doo_v1_",
    "dor_v1_",
  ]),
  tokenRule("heroku-api-key-v2", "Heroku API key", String.raw`HRKU-AA[\w-]{58}`, ["hrku-"]),
  tokenRule("twilio-api-key", "Twilio API key", `SK${hex}{32}`, ["sk"], { minEntropy: 3 }),
  tokenRule("shopify-token", "Shopify token", "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", [
    "shpat_",
    "shpca_",
    "shppa_",
    "shpss_",
  ]),
  tokenRule("square-token", "Square token", String.raw`(?:EAAA|sq0atp-|sq0csp-)[\w-]{22,60}`, [
    "eaaa",
    "sq0atp-",
    "sq0csp-",
  ], { minEntropy: 3 }),
  tokenRule("facebook-page-token", "Facebook access token", `EAA[MC]${b62}{100,}`, [
    "eaam",
    "eaac",
  ]),
  tokenRule("databricks-token", "Databricks token", `dapi${hex}{32}(?:-\\d)?`, ["dapi"], {
    minEntropy: 3,
  }),
  tokenRule(
    "doppler-token",
    "Doppler token",
    String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.${b62}{40,44}`,
    ["dp."],
  ),
  tokenRule("dynatrace-token", "Dynatrace token", String.raw`dt0c01\.${b62}{24}\.${b62}{64}`, [
    "dt0c01.",
  ]),
  tokenRule("easypost-token", "EasyPost token", `EZ[AT]K${b62}{54}`, ["ezak", "eztk"]),
  tokenRule(
    "flutterwave-key",
    "Flutterwave key",
    String.raw`FLW(?:SECK|PUBK)_TEST-[a-hA-H0-9]{12,32}(?:-X)?`,
    ["flwseck", "flwpubk"],
  ),
  tokenRule(
    "flyio-token",
    "Fly.io token",
    String.raw`(?:fo1_[\w-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})`,
    ["fo1_", "fm1", "fm2_"],
  ),
  tokenRule("frameio-token", "Frame.io token", String.raw`fio-u-[\w=-]{64}`, ["fio-u-"]),
  tokenRule(
    "grafana-token",
    "Grafana token",
    String
      .raw`(?:glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_${b62}{32}_[A-Fa-f0-9]{8}|eyJrIjoi${b62}{70,400}={0,3})`,
    [
      "glc_",
      "glsa_",
      "eyjrijoi",
    ],
    { minEntropy: 3 },
  ),
  tokenRule(
    "terraform-cloud-token",
    "Terraform Cloud token",
    String.raw`${b62}{14}\.atlasv1\.[\w=-]{60,70}`,
    ["atlasv1"],
  ),
  tokenRule("linear-api-key", "Linear API key", `lin_api_${b62}{40}`, ["lin_api_"]),
  tokenRule(
    "new-relic-key",
    "New Relic key",
    String.raw`(?:NRAK-[A-Z0-9]{27}|NRJS-${hex}{19}|NRII-[\w-]{32})`,
    ["nrak-", "nrjs-", "nrii-"],
  ),
  tokenRule("notion-token", "Notion token", `(?:ntn_\\d{11}${b62}{35}|secret_${b62}{43})`, [
    "ntn_",
    "secret_",
  ], { minEntropy: 3.5 }),
  tokenRule("openshift-token", "OpenShift token", String.raw`sha256~[\w-]{43}`, ["sha256~"], {
    minEntropy: 3.5,
  }),
  tokenRule("perplexity-api-key", "Perplexity API key", `pplx-${b62}{48}`, ["pplx-"]),
  tokenRule(
    "planetscale-token",
    "PlanetScale token",
    String.raw`pscale_(?:tkn|oauth|pw)_[\w=.-]{32,64}`,
    ["pscale_"],
  ),
  tokenRule("postman-api-key", "Postman API key", `PMAK-${b62}{24}-${b62}{34}`, ["pmak-"]),
  tokenRule("prefect-api-key", "Prefect API key", `pnu_${b62}{36}`, ["pnu_"]),
  tokenRule("pulumi-token", "Pulumi token", `pul-${hex}{40}`, ["pul-"]),
  tokenRule("readme-api-key", "ReadMe API key", "rdme_[a-z0-9]{70}", ["rdme_"]),
  tokenRule("rubygems-api-key", "RubyGems API key", `rubygems_${hex}{48}`, ["rubygems_"]),
  tokenRule("scalingo-token", "Scalingo token", String.raw`tk-us-[\w-]{48}`, ["tk-us-"]),
  tokenRule("sendinblue-api-key", "Brevo (Sendinblue) API key", `xkeysib-${hex}{64}-${b62}{16}`, [
    "xkeysib-",
  ]),
  tokenRule(
    "sentry-token",
    "Sentry token",
    String.raw`(?:sntryu_${hex}{64}|sntrys_eyJ[A-Za-z0-9+/=_]{60,400})`,
    ["sntryu_", "sntrys_"],
  ),
  tokenRule("settlemint-token", "SettleMint token", `sm_(?:aat|pat|sat)_${b62}{16}`, [
    "sm_aat",
    "sm_pat",
    "sm_sat",
  ]),
  tokenRule("shippo-token", "Shippo token", `shippo_(?:live|test)_${hex}{40}`, ["shippo_"]),
  tokenRule("typeform-token", "Typeform token", String.raw`tfp_[\w.=-]{59}`, ["tfp_"]),
  tokenRule(
    "onepassword-secret-key",
    "1Password secret key",
    String
      .raw`A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}`,
    ["a3-"],
  ),
  tokenRule(
    "onepassword-service-token",
    "1Password service account token",
    String.raw`ops_eyJ[A-Za-z0-9+/]{250,}={0,3}`,
    ["ops_"],
  ),
  tokenRule("adobe-client-secret", "Adobe client secret", `p8e-${b62}{32}`, ["p8e-"]),
  tokenRule(
    "age-secret-key",
    "age secret key",
    "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
    ["age-secret-key-1"],
  ),
  tokenRule("alibaba-access-key-id", "Alibaba Cloud access key id", `LTAI${b62}{20}`, ["ltai"], {
    minEntropy: 3,
  }),
  tokenRule("artifactory-token", "Artifactory token", `(?:AKCp${b62}{69}|cmVmd${b62}{59})`, [
    "akcp",
    "cmvmd",
  ], { minEntropy: 4 }),
  tokenRule(
    "azure-ad-client-secret",
    "Azure AD client secret",
    String.raw`[\w~.]{3}\dQ~[\w~.-]{31,34}`,
    ["q~"],
    { minEntropy: 3 },
  ),
  tokenRule(
    "azure-sas-key",
    "Azure shared access key",
    String.raw`(?<=SharedAccessKey=)[A-Za-z0-9+/]{43}=`,
    ["sharedaccesskey="],
  ),
  tokenRule(
    "azure-storage-key",
    "Azure storage account key",
    String.raw`(?<=AccountKey=)[A-Za-z0-9+/]{86}==`,
    ["accountkey="],
  ),
  tokenRule("clickhouse-secret", "ClickHouse Cloud secret", `4b1d${b62}{38}`, ["4b1d"], {
    minEntropy: 3,
  }),
  tokenRule("clojars-token", "Clojars token", `CLOJARS_[a-z0-9]{60}`, ["clojars_"]),
  tokenRule(
    "cloudflare-origin-ca-key",
    "Cloudflare Origin CA key",
    `v1\\.0-${hex}{24}-${hex}{146}`,
    ["v1.0-"],
  ),
  tokenRule("duffel-token", "Duffel token", String.raw`duffel_(?:test|live)_[\w=-]{43}`, [
    "duffel_",
  ]),
  tokenRule("infracost-token", "Infracost token", `ico-${b62}{32}`, ["ico-"], { minEntropy: 3 }),
  tokenRule("intra42-secret", "42 intra client secret", `s-s4t2(?:ud|af)-${hex}{64}`, ["s-s4t2"]),
  tokenRule("maxmind-license-key", "MaxMind license key", `${b62}{6}_${b62}{29}_mmk`, ["_mmk"]),
  tokenRule("octopus-deploy-key", "Octopus Deploy API key", "API-[A-Z0-9]{26}", ["api-"], {
    minEntropy: 3,
  }),
  tokenRule(
    "authress-key",
    "Authress access key",
    String
      .raw`(?:sc|ext|scauth|authress)_${b62}{5,30}\.${b62}{4,6}\.acc[_-][a-z0-9-]{10,32}\.[\w+/=-]{30,120}`,
    [
      "sc_",
      "ext_",
      "authress_",
    ],
  ),
  tokenRule(
    "harness-token",
    "Harness token",
    String.raw`(?:pat|sat)\.[\w-]{22}\.${b62}{24}\.${b62}{20}`,
    ["pat.", "sat."],
  ),
  tokenRule(
    "sidekiq-credentials",
    "Sidekiq Enterprise credentials",
    `${hex}{8}:${hex}{8}(?=@(?:gems|enterprise)\\.contribsys\\.com)`,
    ["contribsys"],
  ),
  tokenRule(
    "dropbox-short-lived-token",
    "Dropbox token",
    String.raw`sl\.[\w=-]{135,140}`,
    ["sl."],
    { minEntropy: 4 },
  ),
  tokenRule("jwt", "JSON Web Token", String.raw`eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}`, ["eyj"], {
    check: (token) => isJwt(token),
  }),
];
