// A CSV header read by name, as the reference asks: Magento orders attribute columns alphabetically and a shop's
// own attributes fall in between, so positions mean nothing from one shop to the next.
import { unguard } from './magento-values.ts';

/** Column positions by name, checked once against the columns a kind of file cannot do without. */
export class Columns {
  private readonly positions = new Map<string, number>();

  constructor(header: readonly string[]) {
    header.forEach((name, index) => {
      // A byte-order mark or stray spaces around a name are not part of it.
      const clean = name.replace(/^\uFEFF/, '').trim();
      if (!this.positions.has(clean)) this.positions.set(clean, index);
    });
  }

  get width(): number {
    return this.positions.size;
  }

  /** The required names absent from the header. */
  missing(required: readonly string[]): string[] {
    return required.filter((name) => !this.positions.has(name));
  }

  has(name: string): boolean {
    return this.positions.has(name);
  }

  /** A row's value in the named column, with Magento's injection guard removed; undefined when there is no column. */
  value(record: readonly string[], name: string): string | undefined {
    const index = this.positions.get(name);
    return index === undefined ? undefined : unguard(record[index] ?? '');
  }
}
