import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { readAs, Subscripted } from '../../src/views/Subscripted';

describe('Subscripted', () => {
  it('sets _{…} and _abc as subscripts, leaving the rest as text', () => {
    const { container } = render(<p><Subscripted text="(W·h_{t−1})_j and x_t, W_ih; a_b_c; plain" /></p>);
    expect(Array.from(container.querySelectorAll('sub'), (s) => s.textContent)).toEqual(['t−1', 'j', 't', 'ih', 'b', 'c']);
    expect(container.textContent).toBe('(W·ht−1)j and xt, Wih; abc; plain');
    expect(readAs('(W·h_{t−1})_j and x_t, W_ih; a_b_c; plain')).toBe(container.textContent);
  });

  it('renders markup in the string as text', () => {
    const { container } = render(<p><Subscripted text="<img src=x onerror=alert(1)>_{<b>}" /></p>);
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)><b>');
  });
});
