import { describe, expect, it } from 'vitest';
import { analyze } from '../../../shared/triage/analyze.ts';

const label = (text: string, opts?: { lang?: string; rating?: number }) => analyze(text, opts).sentiment.label;
const thanks = (text: string) => {
  const s = analyze(text).sentiment;
  return s.label === 'positive' && (s.confidence ?? 0) >= 0.6;
};

describe('sentiment: plain praise and complaints', () => {
  it.each([
    ['Heel erg bedankt voor de snelle hulp, top service!', 'positive'],
    ['Really impressed with how quickly you fixed it, thank you!', 'positive'],
    ['Wat een waardeloze app, echt slecht', 'negative'],
    ['Terrible experience, rude agent and no solution', 'negative'],
    ['Hoe kan ik mijn meterstand doorgeven?', 'neutral'],
    ['How do I submit my meter readings?', 'neutral'],
  ])('%s → %s', (text, expected) => expect(label(text)).toBe(expected));
});

describe('negation', () => {
  it('flips praise into a complaint (nl, en)', () => {
    expect(label('Niet goed geregeld dit')).toBe('negative');
    expect(label('Not great, the engineer never showed up')).toBe('negative');
    expect(label('Helemaal niet tevreden over de afhandeling')).toBe('negative');
  });
  it('turns a negated complaint into faint praise, never into a thank-you', () => {
    expect(analyze('niet slecht').sentiment.score).toBeGreaterThan(0);
    expect(analyze('not bad').sentiment.score).toBeGreaterThan(0);
    expect(thanks('not bad')).toBe(false);
  });
  it('reads Dutch negation after the verb and "geen"/"no" before what is missing', () => {
    expect(label('De app werkt al de hele dag niet')).toBe('negative');
    expect(label('Inloggen lukt niet')).toBe('negative');
    expect(label('Geen stroom sinds vanochtend')).toBe('negative');
    expect(label('No power since this morning')).toBe('negative');
    expect(label("The app doesn't work")).toBe('negative');
  });
});

describe('intensifiers, elongation, capitals', () => {
  it('strengthens the word that follows', () => {
    expect(analyze('heel erg goed').sentiment.score).toBeGreaterThan(analyze('goed').sentiment.score);
    expect(analyze('very good').sentiment.score).toBeGreaterThan(analyze('good').sentiment.score);
  });
  it('damps with "beetje"/"slightly" and treats "te"/"too" as excess', () => {
    expect(analyze('een beetje traag').sentiment.score).toBeGreaterThan(analyze('traag').sentiment.score);
    expect(label('Wachttijd was te lang')).toBe('negative');
    expect(label('The wait was way too long')).toBe('negative');
  });
  it('reads elongated words ("suuuuper", "sooo") and shouting', () => {
    expect(label('suuuuper fijn')).toBe('positive');
    expect(analyze('suuuuper fijn').sentiment.score).toBeGreaterThan(analyze('super fijn').sentiment.score - 0.001);
    expect(analyze('I am sooo happy').sentiment.label).toBe('positive');
    expect(analyze('this is BAD').sentiment.score).toBeLessThan(analyze('this is bad').sentiment.score);
  });
});

describe('emoji, emoticons, hashtags, handles and links', () => {
  it('scores emoji and emoticons', () => {
    expect(label('Monteur is geweest 👍')).toBe('positive');
    expect(label('Monteur is niet geweest 😡')).toBe('negative');
    expect(label('delivered today :(')).toBe('negative');
    expect(label('all sorted :D')).toBe('positive');
  });
  it('reads #fail and #pluim', () => {
    expect(label('Weer geen reactie #fail')).toBe('negative');
    expect(label('#pluim voor de klantenservice')).toBe('positive');
  });
  it('ignores @handles and URLs', () => {
    expect(analyze('@GreatEnergy https://example.com/great-awesome-love').sentiment.label).toBe('neutral');
    expect(analyze('@Fantastisch_NL ik heb je een DM gestuurd').sentiment.label).toBe('neutral');
  });
});

describe('sarcasm', () => {
  it.each([
    ['Thanks for nothing @DemoEnergie'],
    ['Bedankt voor niets'],
    ['Yeah right, fixed within the hour. Still no power'],
    ['Lekker dan, weer een storing'],
    ['Top hoor, derde keer deze week dat inloggen niet lukt'],
    ['Great, another outage. Just what I needed'],
    ['Geweldig, de app is weer eens down'],
    ['Love how you charge me twice. Brilliant. #not'],
    ['Super service weer 🙄'],
  ])('%s → sarcastic complaint, no thank-you', (text) => {
    const a = analyze(text);
    expect(a.sarcasm).toBe(true);
    expect(a.sentiment.label).toBe('negative');
    expect(thanks(text)).toBe(false);
  });
  it('does not call sincere praise sarcastic', () => {
    for (const text of ['Top hoor, bedankt voor de snelle hulp!', 'Great service, thanks!', 'Storing was snel opgelost, dank jullie wel']) {
      expect(analyze(text).sarcasm, text).toBe(false);
      expect(analyze(text).sentiment.label, text).toBe('positive');
    }
  });
});

describe('star ratings', () => {
  it('1–2 stars are negative whatever the words', () => {
    expect(label('Great, lovely people!', { rating: 1 })).toBe('negative');
    expect(label('Prima hoor', { rating: 2 })).toBe('negative');
  });
  it('4–5 stars are positive unless the text is clearly negative', () => {
    expect(label('Alles ok', { rating: 5 })).toBe('positive');
    expect(label('Vreselijke service, nooit meer, waardeloos', { rating: 5 })).toBe('negative');
    expect(analyze('Alles ok', { rating: 5 }).sentiment.confidence).toBeGreaterThanOrEqual(0.6);
  });
  it('3 stars never earn a thank-you', () => {
    const s = analyze('Fantastisch, geweldig, super!', { rating: 3 }).sentiment;
    expect(s.confidence ?? 0).toBeLessThan(0.6);
  });
});

describe('confidence for the thank-you flow', () => {
  it('is high for clear praise and low for mixed, hypothetical or questioning posts', () => {
    expect(thanks('Fantastische service, super bedankt! 🙏')).toBe(true);
    expect(thanks('Amazing support as always ❤️')).toBe(true);
    expect(thanks('Great app but the login is broken and slow')).toBe(false);
    expect(thanks('If you could fix my bill that would be great')).toBe(false);
    expect(thanks('Is jullie service echt zo goed?')).toBe(false);
  });
});
