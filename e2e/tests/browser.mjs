// Debian's Chromium, headless, driven by playwright-core.

import { chromium } from "playwright-core";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH
  || ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export function launch() {
  if (!CHROMIUM) throw new Error("Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"],
  });
}
