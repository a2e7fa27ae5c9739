/** The elements of the add-symbol form. */
export interface PickerElements {
  readonly form: HTMLFormElement;
  readonly input: HTMLInputElement;
  readonly options: HTMLDataListElement;
  readonly hint: HTMLElement;
}

/**
 * "Add symbol" with search: the input offers the service's symbols
 * (`GET /v1/symbols`) through a datalist, so typing filters them natively
 * and accessibly. Unknown or duplicate symbols are explained in a live hint.
 */
export class SymbolPicker {
  private known = new Set<string>();

  constructor(
    private readonly elements: PickerElements,
    private readonly isShown: (symbol: string) => boolean,
    private readonly onAdd: (symbol: string) => Promise<void>,
  ) {
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  /** Offers `symbols` in the search list. */
  setSymbols(symbols: readonly string[]): void {
    this.known = new Set(symbols);
    const options = symbols.map((symbol) => {
      const option = document.createElement('option');
      option.value = symbol;
      return option;
    });
    this.elements.options.replaceChildren(...options);
  }

  get symbols(): ReadonlySet<string> {
    return this.known;
  }

  say(text: string, kind: 'info' | 'error' = 'info'): void {
    this.elements.hint.textContent = text;
    this.elements.hint.dataset.kind = kind;
  }

  private async submit(): Promise<void> {
    const symbol = this.elements.input.value.trim().toUpperCase();
    if (!symbol) return;
    if (this.isShown(symbol)) {
      this.say(`${symbol} is already on the board.`);
      return;
    }
    if (this.known.size > 0 && !this.known.has(symbol)) {
      this.say(`${symbol} is not a listed symbol.`, 'error');
      return;
    }
    this.elements.input.value = '';
    try {
      await this.onAdd(symbol);
      this.say(`Added ${symbol}.`);
    } catch (error) {
      this.say(
        `Could not add ${symbol}: ${error instanceof Error ? error.message : String(error)}`,
        'error',
      );
    }
  }
}
