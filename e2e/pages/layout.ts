import { expect, type Page } from "@playwright/test";
import { screenshot } from "./console";

/** The widths every page is checked at: a phone and a laptop. */
export const widths = [390, 1280] as const;

/** The page itself never scrolls sideways: wide content scrolls inside its own box. */
export async function expectNoPageScroll(page: Page, label: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${label}: page is ${scrollWidth}px wide at ${innerWidth}px`).toBeLessThanOrEqual(innerWidth);
}

/** At each width: no horizontal page scroll, and a full-page screenshot `<name>-<width>.png`. */
export async function checkWidths(page: Page, name: string, check?: (width: number) => Promise<void>) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 800 });
    await page.waitForTimeout(150);
    await expectNoPageScroll(page, `${name} at ${width}px`);
    await check?.(width);
    await screenshot(page, `${name}-${width}`);
  }
}

/** True when the element's box lies inside the viewport horizontally. */
export async function inViewport(page: Page, selector: ReturnType<Page["locator"]>) {
  const box = await selector.boundingBox();
  const width = page.viewportSize()!.width;
  return !!box && box.x >= 0 && box.x + box.width <= width + 0.5;
}
