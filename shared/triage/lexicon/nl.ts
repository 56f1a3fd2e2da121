/**
 * Dutch sentiment words, scored -4..+4 (the AFINN scale, so both languages add up alike).
 *
 * Source and license: written for wecare by its own engineers from general knowledge of
 * Dutch and Flemish as used in social posts, reviews and customer care; no third-party
 * list was copied (LUPJE and the CLiPS lexicon could not be fetched offline). Released
 * under the project's license. Adjectives are listed in their base form; `expandDutch`
 * adds the inflected forms (goede, snelle, grote, lieve, vieze) at load time.
 *
 * Format: one score per line group, words separated by spaces; `*` marks an adjective.
 */
const RAW = `
+4 *fantastisch *geweldig *fenomenaal *voortreffelijk *subliem *perfect *uitmuntend *briljant *schitterend *sublime
+4 *verrukkelijk *overheerlijk *fabelachtig *formidabel *zalig *grandioos geniaal top-service toppers topper
+3 *uitstekend *heerlijk *prachtig *super *top *fantastische *excellent *prima *lekker *smakelijk *mooi *aanrader
+3 aanrader aanraders aanbevolen *tevreden *blij *dankbaar *gelukkig *superblij *supertevreden *knap *puik *sterk
+3 bedankt dankjewel dankuwel dankje merci bedank chapeau pluim pluimpje complimenten compliment *onvergetelijk
+3 *uitzonderlijk *indrukwekkend *verbluffend *wauw wow wauw toppie *topklasse *klantvriendelijk *behulpzaam
+3 genieten genoten genoot geniet *hemels *fijnproever kudos respect
+2 *goed *fijn *leuk *vriendelijk *gezellig *sfeervol *aangenaam *lief *snel *vlot *netjes *keurig *gastvrij
+2 *attent *professioneel *deskundig *helder *vers *verse *smaakvol *knus *gezond *proper *schoon *rustig
+2 *gevarieerd *ruim *royaal *genereus *mals *krokant *sappig *luchtig *gaaf *vet *cool *chill *handig *makkelijk
+2 *gemakkelijk *eerlijk *betrouwbaar *stabiel *soepel *overzichtelijk *gebruiksvriendelijk *efficiënt *efficient
+2 *opgelost *geholpen *geregeld *betaalbaar *voordelig *scherp *origineel *creatief *verfijnd *charmant *hartelijk
+2 *geduldig *oplettend *geweldige *enthousiast *hulpvaardig *bereikbaar *modern *gerestaureerd *authentiek
+2 dank thanks thx tnx love liefde opgelost succes aanrader plezier plezierig waardering *beter feest feestje charme verwennerij *attentvol
+2 aanraden raad aanbevelen beveel aangeraden bedanken bedankje klasse nice aanrader
+1 ok oké okay oke *correct
+2 great awesome amazing good best
+1 *redelijk *degelijk *voldoende *oké *normaal *gewoon *bruikbaar *acceptabel *aardig *schappelijk *interessant
+1 *gratis *warm *warme *zacht *zoet *rijk *vol *mild *comfortabel *compleet *actief *gemoedelijk *sympathiek
+1 graag hopelijk gelukkig welkom gezelligheid vriendelijkheid *duidelijk
+3 *tof *meesterlijk *fantastisch *buitengewoon *prachtige *geniaal meesterwerk meesterwerkje meesterwerkjes lof *onberispelijk
+3 *hemels *goddelijk *voortreffelijk *uitstekend topservice topbediening toptijd *superlekker *overheerlijk *verrukkelijk
+2 *uniek *favoriet favoriet meerwaarde pluspunt pluspunten *aanvaardbaar *waardig *ontspannen *vriendelijk *sfeervol
+2 *smaakvol *geslaagd *attent *zorgzaam *stijlvol *gastvrij *verzorgd *lekkere *bereidwillig *meedenkend *oplossingsgericht
+2 *soepel *snelle *razendsnel *prompt *accuraat *nauwkeurig *gemakkelijk *comfortabel *fris *sappig *knapperig
+2 waardeer waarderen gewaardeerd genieten aanbevolen top-notch dankbaarheid *democratisch
+1 *goedkoop *uitgebreid *subtiel ontdekking *gevarieerd *culinair *verrassend
-1 *lang *duur *klein *krap *druk *lawaaierig *luid *donker *kil *zout *zuur *bitter *vettig *flauw *standaard
-1 *middelmatig *gemiddeld *matig *traag *langzaam *beperkt *onduidelijk *ingewikkeld *omslachtig *moeilijk *lastig
-1 jammer helaas spijtig wachten wachttijd wachttijden gewacht vraagteken twijfel *twijfelachtig *onzeker *vreemd
-2 *lauw *onsmakelijk *verwaarloosd *smoezelig *belabberd *dramatisch *klantonvriendelijk *amateuristisch *lamlendig
-2 uitgelachen geweigerd tegenvallen tegenvaller tegenvallers verspilling prutsers amateurs *ongeïnteresseerd *ongeduldig
-2 *overgewaardeerd *overschat *teleurstellende *hooghartig *onvriendelijke *chaotisch *onverschillig
-3 *hopeloos knudde *spuugzat *kotsbeu *beroerd *abominabel oplichterij zwendel *waardeloos *ondermaats
-1 nadeel nadelen minpunt minpunten *stoffig *plakkerig *tam *eenzijdig *onvoldoende *kaal *ongeduldig
-1 *rommelig *slordig *eentonig *saai *simpel *zwaar *vermoeiend *koud *droog *taai *hard *ongemakkelijk *onhandig
-1 probleem probleempje problemen klacht klachten fout foutje fouten *kapot kapotte
-2 *slecht *teleurstellend *teleurgesteld *onvriendelijk *ongeïnteresseerd *ongeinteresseerd *onbeleefd *arrogant
-2 *vies *smerig *vuil *goor *ranzig *oud *oudbakken *aangebrand *verbrand *overgaar *rauw *onbeschoft *nors *chagrijnig
-2 *duurder *prijzig *overprijsd *onbetrouwbaar *onprofessioneel *onbekwaam *incompetent *nutteloos *zinloos
-2 *boos *kwaad *geïrriteerd *geirriteerd *gefrustreerd *ontevreden *ongelukkig *verdrietig *zat *beu *moe
-2 *irritant *vervelend *storend *frustrerend *onacceptabel *onaanvaardbaar *onbegrijpelijk *onmogelijk
-2 *fout *verkeerd *onjuist *mislukt *gecrasht *vastgelopen *onbereikbaar *onbruikbaar *defect *stuk *laat *gebrekkig
-2 *zouteloos *smakeloos *droge *slap *papperig *klef *lauwe *koude *onaangenaam *ongezellig *vuile *onhygiënisch
-2 ontgoocheling *ontgoocheld opgehangen afraden wegblijven hel teleurstelling frustratie ergernis ellende gedoe gezeur gezeik zooi rommel chaos crash crasht crashte bug bugs
-2 klagen klaag klaagt geklaagd opgelicht oplichting afzetterij misleidend overstappen opzeggen opgezegd weggegooid
-2 fail epic-fail sorry spijt balen baal baalt gebaald stom *stom *dom *debiel *idioot *lui *triest *treurig *pijnlijk
-2 stroomstoring stroomuitval uitval panne *lek *gelekt
-3 *waardeloos *belachelijk *verschrikkelijk *vreselijk *afschuwelijk *walgelijk *schandalig *bedroevend *rampzalig
-3 *abominabel *ondermaats *beroerd *bagger *kut *klote *rot *misselijk *onacceptabel *ongehoord *triestig
-3 schande schandaal drama ramp rampen oplichters boeven tuig nachtmerrie haat haten *slechtst *slechtste walg
-4 *slechtste *waardeloze kutbedrijf klotebedrijf nooit-meer *tyfus *kanker *godvergeten
`;

const VOWELS = 'aeiouy';
const isVowel = (c: string | undefined) => c !== undefined && VOWELS.includes(c);

/** Dutch adjective inflection (-e), enough for lexicon lookups: snel→snelle, groot→grote, lief→lieve, vies→vieze. */
export function inflect(word: string): string {
  const last = word.at(-1)!;
  if (isVowel(last)) return last === 'e' ? word : `${word}e`;
  const prev = word.at(-2);
  const prev2 = word.at(-3);
  // f/s voice after a vowel (lief→lieve, boos→boze), not after a consonant (vers→verse).
  const soft = isVowel(prev) ? (last === 'f' ? 'v' : last === 's' ? 'z' : last) : last;
  if (isVowel(prev) && prev === prev2 && prev !== 'i') return `${word.slice(0, -3)}${prev}${soft}e`;
  if (prev === 'e' && prev2 === 'e') return `${word.slice(0, -3)}e${soft}e`;
  const syllables = word.match(/[aeiouy]+/g)?.length ?? 0;
  // A short vowel closed by one consonant doubles it in one-syllable words only (snel→snelle, not simpel→simpelle).
  if (syllables === 1 && isVowel(prev) && !isVowel(prev2) && !'wj'.includes(last)) return `${word}${last}e`;
  return `${word.slice(0, -1)}${soft}e`;
}

/** Word → score, with inflected adjective forms; built once per cold start. */
export function dutchLexicon(): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of RAW.split('\n')) {
    const [head, ...words] = line.trim().split(/\s+/);
    if (!head || !words.length) continue;
    const score = Number(head);
    for (const entry of words) {
      const adjective = entry.startsWith('*');
      const word = adjective ? entry.slice(1) : entry;
      if (!map.has(word)) map.set(word, score);
      if (adjective) {
        const form = inflect(word);
        if (!map.has(form)) map.set(form, score);
      }
    }
  }
  return map;
}
