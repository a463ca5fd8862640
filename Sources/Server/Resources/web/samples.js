// The sample texts behind the two sample buttons: a short news text, and a long generated
// one (about n words of people, places and organisations) for trying the streaming path.

/** The short sample: a CoNLL-2003 news text. */
export const SAMPLE = 'Peter Blackburn of the European Commission said on Thursday it disagreed with German advice ' +
  'to consumers to shun British lamb until scientists determine whether mad cow disease can be ' +
  'transmitted to sheep. Germany \'s representative to the European Union \'s veterinary committee ' +
  'Werner Zwingmann said on Wednesday consumers should buy sheepmeat from countries other than Britain ' +
  'until the scientific advice was clearer. Fischler proposed EU-wide measures after reports from ' +
  'Britain and France that under laboratory conditions sheep could contract Bovine Spongiform ' +
  'Encephalopathy ( BSE ) -- mad cow disease .';

/** A long generated text (about `n` words) for trying the streaming path. */
export function longSample(n) {
  const people = ['Angela Merkel', 'Peter Blackburn', 'Nelson Mandela', 'Maria Sharapova', 'Boris Yeltsin'];
  const places = ['Berlin', 'Brussels', 'Johannesburg', 'Moscow', 'Paris', 'Tokyo', 'Chicago'];
  const groups = ['the European Commission', 'Reuters', 'the United Nations', 'Deutsche Bank', 'NATO'];
  const parts = [];
  let words = 0;
  for (let i = 0; words < n; i += 1) {
    const sentence = people[i % 5] + ' told ' + groups[(i * 3) % 5] + ' in ' + places[(i * 2) % 7] +
      ' on Monday that talks with ' + people[(i + 2) % 5] + ' would continue in ' + places[(i + 3) % 7] + ' next week .';
    parts.push(sentence + (i % 6 === 5 ? '\n\n' : ' '));
    words += sentence.split(' ').length;
  }
  return parts.join('');
}
