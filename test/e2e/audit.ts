// Accessibility audit with axe-core's WCAG 2 A and AA rules (names, roles, labels, contrast), in
// both themes since contrast differs between them. Returns the violations in short words.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export async function audit(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    for (const v of violations) {
      const targets = v.nodes.map((n) => n.target.join(' ')).join(', ');
      problems.push(`${where} (${colorScheme}): ${v.id}: ${targets}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return problems;
}
