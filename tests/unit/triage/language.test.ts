import { describe, expect, it } from 'vitest';
import { detectLanguage, platformLang } from '../../../shared/triage/language.ts';
import { tokenize } from '../../../shared/triage/tokens.ts';

const detect = (text: string, given?: string) => detectLanguage(text, tokenize(text), given);

describe('language', () => {
  it('lets the platform lang win, ignoring "und" and friends', () => {
    expect(detect('waarom werkt de app niet', 'en')).toBe('en');
    expect(detect('why is the app down', 'nl-BE')).toBe('nl');
    expect(detect('why is the app down', 'und')).toBe('en');
    expect(platformLang('de')).toBe('other');
    expect(platformLang('zxx')).toBeUndefined();
  });
  it('reads short and mixed Dutch-English posts sensibly', () => {
    expect(detect('waarom werkt de app weer niet??')).toBe('nl');
    expect(detect('de app is down again, echt balen')).toBe('nl');
    expect(detect('Top hoor')).toBe('nl');
    expect(detect('Thanks for nothing')).toBe('en');
    expect(detect('Storing in Utrecht?')).toBe('nl');
    expect(detect('Great service, thanks!')).toBe('en');
  });
  it('says other for neither', () => {
    expect(detect('Warum funktioniert die App heute schon wieder nicht? Das ist wirklich ärgerlich.')).toBe('other');
    expect(detect("Pourquoi l'application ne fonctionne-t-elle pas aujourd'hui?")).toBe('other');
  });
});
