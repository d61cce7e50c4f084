/**
 * Test support: a real OpenID Connect provider (`oidc_provider_main.ts`,
 * `oidc-provider` under Deno) started in a subprocess on a loopback port,
 * and a scripted browser that signs a person in through it: it follows
 * redirects, keeps cookies per origin, and fills the provider's
 * development login and consent forms.
 * @module
 */

/** A running provider. */
export interface OidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * Starts a provider; with `dashboardRedirect`, it also knows the KM's
 * dashboard as a public client (`km-dashboard`) redirecting there.
 */
export async function startOidcProvider(dashboardRedirect?: string): Promise<OidcProvider> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      new URL("./oidc_provider_main.ts", import.meta.url).pathname,
      ...(dashboardRedirect ? [dashboardRedirect] : []),
    ],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the OIDC provider exited: ${text}`);
    text += value;
  }
  reader.releaseLock();
  const { issuer } = JSON.parse(text.split("\n")[0]);
  return {
    issuer,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await child.stdout.cancel().catch(() => {/* already closed with the process */});
    },
  };
}

/** A browser: cookies per origin, manual redirects. */
export class ScriptedBrowser {
  readonly cookies = new Map<string, Map<string, string>>();

  /** Sends a request with this origin's cookies and keeps the ones set. */
  async request(url: URL, init: RequestInit = {}): Promise<Response> {
    const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
    this.cookies.set(url.origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /**
   * Follows redirects from `start`, signing in as `login` on the provider's
   * forms, until a response that is not a redirect (returned) or one to
   * `stopAt`'s origin+path (returned unfollowed).
   */
  async signIn(start: URL, login: string, stopAt?: string): Promise<Response> {
    let url = start;
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(url, init);
      const location = response.headers.get("location");
      if (location) {
        await response.body?.cancel();
        url = new URL(location, url);
        init = {};
        if (stopAt && `${url.origin}${url.pathname}` === stopAt) return response;
        continue;
      }
      const html = await response.clone().text();
      const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
      if (!form || !/\/interaction\//.test(form[1])) return response;
      const fields = new URLSearchParams();
      for (const tag of form[2].match(/<input[^>]*>/g) ?? []) {
        const name = /name="([^"]+)"/.exec(tag)?.[1];
        if (name) fields.set(name, /value="([^"]*)"/.exec(tag)?.[1] ?? "");
      }
      if (fields.has("login")) {
        fields.set("login", login);
        fields.set("password", "any");
      }
      await response.body?.cancel();
      url = new URL(form[1].replace(/&amp;/g, "&"), url);
      init = {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: fields,
      };
    }
    throw new Error("too many redirects");
  }
}
