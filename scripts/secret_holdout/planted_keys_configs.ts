/** Corpus sections: JWTs, private keys, credential files, service URLs and config passwords. @module */

import type { Builder } from "./builder.ts";
import {
  BASE62,
  DIGITS,
  ecPem,
  HEX,
  jwt,
  opensshPrivateKey,
  password,
  pick,
  puttyPrivateKey,
  rsaPem,
  URLSAFE,
  uuid,
} from "./tokens.ts";

export function plantJwt(b: Builder): void {
  // --- JWT -------------------------------------------------------------------
  const jwtSecret = pick(BASE62, 48);
  b.add(
    "config/application.yml",
    "spring:\n  datasource:\n    url: jdbc:postgresql://db.prod.internal:5432/orders\n    username: orders",
  );
  const springPw = password(11);
  b.plant("config/application.yml", `    password: ${springPw}`, {
    kind: "password-spring-yml",
    value: springPw,
    why: "Spring datasource password, 11 chars",
  })
    .add("config/application.yml", "security:\n  jwt:")
    .plant("config/application.yml", `    secret: ${jwtSecret}`, {
      kind: "jwt-hs256-secret",
      value: jwtSecret,
      why: "HS256 signing secret: forge any token",
    });
  const token = jwt(
    { sub: "svc-billing", role: "admin", iat: 1765000000, exp: 1893456000 },
    jwtSecret,
  );
  b.add("docs/api.http", "### list invoices\nGET https://api.acme.io/v1/invoices")
    .plant("docs/api.http", `Authorization: Bearer ${token}`, {
      kind: "jwt-bearer",
      value: token,
      why: "long-lived admin JWT (expires 2030)",
    });
}

export function plantPrivateKeys(b: Builder): void {
  // --- private keys ----------------------------------------------------------
  const rsa1 = rsaPem("pkcs1");
  b.plant("deploy/keys/server.key", rsa1, {
    kind: "private-key-rsa",
    value: rsa1,
    why: "RSA private key (PKCS#1)",
  });
  const ec = ecPem();
  b.plant("deploy/keys/signing-ec.pem", ec, {
    kind: "private-key-ec",
    value: ec,
    why: "EC private key (SEC1)",
  });
  const p8 = rsaPem("pkcs8");
  b.add("src/main/resources/jwt-signing.pem", "")
    .plant("src/main/resources/jwt-signing.pem", p8, {
      kind: "private-key-pkcs8",
      value: p8,
      why: "PKCS#8 private key",
    });
  const ossh = opensshPrivateKey("deploy@ci");
  b.plant("ci/deploy_key", ossh, {
    kind: "private-key-openssh",
    value: ossh,
    why: "OpenSSH ed25519 deploy key",
  });
  const ppk = puttyPrivateKey("admin@bastion");
  b.plant("ci/bastion.ppk", ppk, {
    kind: "putty-private-key",
    value: ppk,
    why: "PuTTY key, unencrypted",
  });
}

export function plantCredentialFiles(b: Builder): void {
  // --- credential files ------------------------------------------------------
  const netrcPw = pick(HEX, 8) + "-" + pick(HEX, 4) + "-" + pick(HEX, 4) + "-" + pick(HEX, 4) +
    "-" + pick(HEX, 12);
  b.plant("ci/.netrc", `machine api.heroku.com login deploy@acme.io password ${netrcPw}`, {
    kind: "netrc-password",
    value: netrcPw,
    why: ".netrc password (Heroku API key, UUID-shaped)",
  });
  const netrc2 = password(14);
  b.plant("ci/.netrc", `machine git.acme.io\n  login builder\n  password ${netrc2}`, {
    kind: "netrc-password",
    value: netrc2,
    why: "multi-line .netrc entry",
  });
  const pg = password(13);
  b.plant("ci/.pgpass", `db-primary.internal:5432:orders:orders_app:${pg}`, {
    kind: "pgpass-password",
    value: pg,
    why: ".pgpass line",
  });
  const herokuKey = uuid();
  b.add("ci/deploy.env", "APP=acme-web")
    .plant("ci/deploy.env", `HEROKU_API_KEY=${herokuKey}`, {
      kind: "heroku-api-key",
      value: herokuKey,
      why: "UUID-shaped key with keyword context",
    });
  const vault = "hvs." + pick(URLSAFE, 90);
  b.plant("ci/deploy.env", `VAULT_TOKEN=${vault}`, {
    kind: "vault-token",
    value: vault,
    why: "HashiCorp Vault service token",
  });
  const doTok = "dop_v1_" + pick(HEX, 64);
  b.add("ci/deploy.sh", "#!/bin/sh")
    .plant(
      "ci/deploy.sh",
      `curl -sf -X POST -H "Authorization: Bearer ${doTok}" https://api.digitalocean.com/v2/droplets`,
      { kind: "digitalocean-token", value: doTok, why: "DigitalOcean PAT in a curl header" },
    );
  const age = "AGE-SECRET-KEY-1" + pick("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".toUpperCase(), 58);
  b.plant(
    "ci/age.key",
    `# created: 2026-11-02T10:00:00Z\n# public key: age1${
      pick("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)
    }\n${age}`,
    { kind: "age-secret-key", value: age, why: "age identity file" },
  );
  const ddKey = pick(HEX, 32);
  b.plant("ci/deploy.env", `DD_API_KEY=${ddKey}`, {
    kind: "datadog-api-key",
    value: ddKey,
    why: "32-hex key, keyword-anchored",
  });
}

export function plantServiceUrls(b: Builder): void {
  // --- database and service URLs --------------------------------------------
  const urls: [string, string, string][] = [
    [
      "postgres",
      password(12),
      "postgres://orders_app:%s@db-primary.prod.internal:5432/orders?sslmode=require",
    ],
    ["mysql", password(10), "mysql://wp_user:%s@mysql.prod.acme.io:3306/wordpress"],
    [
      "mongodb+srv",
      pick(BASE62, 16),
      "mongodb+srv://analytics:%s@cluster0.ab1cd.mongodb.net/events?retryWrites=true",
    ],
    ["redis", pick(BASE62, 24), "redis://:%s@cache.prod.acme.io:6379/0"],
    ["amqp", password(14), "amqps://orders:%s@rabbit.prod.acme.io:5671/orders"],
  ];
  b.add("services/orders/.env", "PORT=8080");
  for (const [scheme, pw, tpl] of urls) {
    const name = scheme.replace(/\W/g, "_").toUpperCase();
    b.plant("services/orders/.env", `${name}_URL=${tpl.replace("%s", pw)}`, {
      kind: `db-url-${scheme}`,
      value: pw,
      why: `${scheme} URL with a password to a non-local host`,
    });
  }
  const basicPw = password(12);
  b.add("Makefile", "deploy:\n\tnpm run build")
    .plant(
      "Makefile",
      `\tgit push https://deploy-bot:${basicPw}@git.acme.io/web/site.git HEAD:main`,
      { kind: "basic-auth-url", value: basicPw, why: "basic auth in a git URL" },
    );
}

export function plantConfigPasswords(b: Builder): void {
  // --- passwords in config formats -------------------------------------------
  const envPw = password(9);
  b.add("services/orders/.env", "DB_USER=orders")
    .plant("services/orders/.env", `DB_PASSWORD=${envPw}`, {
      kind: "password-dotenv",
      value: envPw,
      why: "9-char symbol-rich password in .env",
    });
  const smtpPw = pick("abcdefghijkmnpqrstuvwxyz", 4) + pick(DIGITS, 4);
  b.plant("services/orders/.env", `SMTP_PASSWORD="${smtpPw}"`, {
    kind: "password-dotenv-weak",
    value: smtpPw,
    why: "8-char low-entropy but real password",
  });
  const yamlPw = password(16);
  b.add(
    "ansible/group_vars/prod.yml",
    "ldap:\n  host: ldap.acme.io\n  bind_dn: cn=svc,dc=acme,dc=io",
  )
    .plant("ansible/group_vars/prod.yml", `  bind_password: "${yamlPw}"`, {
      kind: "password-yaml",
      value: yamlPw,
      why: "unencrypted vars file password",
    });
  const tfPw = password(18);
  const tfSecret = pick(URLSAFE, 40);
  b.add("infra/prod.tfvars", 'region = "eu-west-1"\ninstance_class = "db.r6g.large"')
    .plant("infra/prod.tfvars", `db_password = "${tfPw}"`, {
      kind: "password-tfvars",
      value: tfPw,
      why: "Terraform variable file",
    })
    .plant("infra/prod.tfvars", `datadog_app_key = "${tfSecret}"`, {
      kind: "secret-tfvars",
      value: tfSecret,
      why: "generic key assignment in tfvars",
    });
  const propPw = password(10);
  b.add(
    "src/main/resources/application-prod.properties",
    "spring.datasource.url=jdbc:mysql://mysql.prod.acme.io/shop\nspring.datasource.username=shop",
  )
    .plant(
      "src/main/resources/application-prod.properties",
      `spring.datasource.password=${propPw}`,
      { kind: "password-properties", value: propPw, why: "Java properties password" },
    );
  const mailPw = password(12);
  b.plant("src/main/resources/application-prod.properties", `spring.mail.password = ${mailPw}`, {
    kind: "password-properties",
    value: mailPw,
    why: "properties with spaces around =",
  });
  const wpPw = password(14);
  const wpSalt = pick(BASE62 + "!@#$%^&*()-_[]{}<>~`+=,.;:/?|", 64).replace(/'/g, "x");
  b.add(
    "public/wp-config.php",
    "<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_prod' );",
  )
    .plant("public/wp-config.php", `define( 'DB_PASSWORD', '${wpPw}' );`, {
      kind: "password-wp-config",
      value: wpPw,
      why: "WordPress DB password",
    })
    .add("public/wp-config.php", "define( 'DB_HOST', 'mysql.prod.acme.io' );")
    .plant("public/wp-config.php", `define( 'AUTH_KEY',         '${wpSalt}' );`, {
      kind: "wp-auth-salt",
      value: wpSalt,
      why: "WordPress auth salt: cookie forgery",
    });
  const exportPw = password(12);
  b.add("ops/bootstrap.sh", "#!/bin/bash")
    .plant("ops/bootstrap.sh", `export PGPASSWORD='${exportPw}'`, {
      kind: "password-shell-export",
      value: exportPw,
      why: "exported password in a shell script",
    })
    .add("ops/bootstrap.sh", 'psql -h db-primary.internal -U admin -c "select 1"');
  const mysqlCli = password(10);
  b.plant(
    "ops/bootstrap.sh",
    `mysql -h mysql.prod.acme.io -u root -p'${mysqlCli}' shop < dump.sql`,
    { kind: "password-cli-arg", value: mysqlCli, why: "password on a mysql command line" },
  );
}
