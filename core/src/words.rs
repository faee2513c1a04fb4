//! Every occurrence of a set of space-padded keys in a padded text, word by word.
//!
//! What an Aho-Corasick automaton over the keys " key " reports (every occurrence, overlapping,
//! by end, the longest first at one end), found without one: the automaton over ~6,500 outlet
//! names is ~16 MB as a DFA, whose cache misses between articles cost more than the search. Here a
//! key is its words (maximal runs of non-space bytes) and the runs of spaces around and between
//! them; the text's words are looked up in a small Bloom filter and then in the vocabulary of the
//! keys, and only at a word that starts a key is the trie of word sequences walked. A key's
//! occurrence is its words at consecutive text words with the same gaps between them, at least
//! its leading spaces before the first and its trailing spaces after the last.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's): a multiply-rotate hash, fast on short keys.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

const BLOOM_BITS: usize = 1 << 16;

/// A word's hash (FxHash over its bytes: the same as the scan of a text computes as it goes).
fn word_hash(w: &[u8]) -> u64 {
    let mut h = Fx::default();
    h.write(w);
    h.finish()
}

/// The Bloom filter's bit of a hash (its high bits: a multiplicative hash mixes upwards).
fn bloom_bit(hash: u64) -> usize {
    (hash >> 40) as usize % BLOOM_BITS
}

/// A key's end: which key, and the spaces it needs before its first word and after its last.
struct Term {
    key: u32,
    before: u32,
    after: u32,
}

pub struct Keys {
    /// the keys' words by their hash (computed once per text word, for the Bloom filter and here):
    /// the words with that hash and their ids
    vocab: FxMap<u64, Vec<(Box<[u8]>, u32)>>,
    /// the trie's node after each word as a key's first word (u32::MAX: no key starts with it)
    first: Vec<u32>,
    bloom: Vec<u64>,
    /// (node, gap before the word, word) -> node; the root is 0 and a first word's gap is 0
    edges: FxMap<(u32, u32, u32), u32>,
    terms: Vec<Vec<Term>>,
    lens: Vec<usize>, // bytes of each padded key
}

/// The words of a padded key and the gaps: (spaces before the first word, [(gap, word)], spaces
/// after the last word); None for a key with no word.
fn split(key: &[u8]) -> Option<(u32, Vec<(u32, &[u8])>, u32)> {
    let mut words = Vec::new();
    let mut i = 0;
    let mut gap = 0u32;
    let mut lead = None;
    while i < key.len() {
        if key[i] == b' ' {
            gap += 1;
            i += 1;
            continue;
        }
        let j = key[i..].iter().position(|&b| b == b' ').map_or(key.len(), |k| i + k);
        if lead.is_none() {
            lead = Some(gap);
            words.push((0, &key[i..j]));
        } else {
            words.push((gap, &key[i..j]));
        }
        gap = 0;
        i = j;
    }
    lead.map(|l| (l, words, gap))
}

impl Keys {
    /// The keys, each " key " as the automaton holds it (UTF-8); their ids are their positions.
    pub fn new(keys: &[String]) -> Result<Keys, String> {
        let mut k = Keys { vocab: FxMap::default(), first: Vec::new(), bloom: vec![0; BLOOM_BITS / 64],
                           edges: FxMap::default(), terms: vec![Vec::new()], lens: Vec::with_capacity(keys.len()) };
        let mut words_seen = 0u32;
        for (id, key) in keys.iter().enumerate() {
            let (before, words, after) = split(key.as_bytes()).ok_or_else(|| format!("key {key:?} has no word"))?;
            let mut node = 0u32;
            for (gap, w) in words {
                let hash = word_hash(w);
                let same = k.vocab.entry(hash).or_default();
                let wid = match same.iter().find(|(word, _)| &word[..] == w) {
                    Some(&(_, wid)) => wid,
                    None => {
                        same.push((w.into(), words_seen));
                        words_seen += 1;
                        words_seen - 1
                    }
                };
                let h = bloom_bit(hash);
                k.bloom[h / 64] |= 1 << (h % 64);
                let fresh = k.terms.len() as u32;
                let child = *k.edges.entry((node, gap, wid)).or_insert(fresh);
                if child == fresh {
                    k.terms.push(Vec::new());
                }
                node = child;
            }
            k.terms[node as usize].push(Term { key: id as u32, before, after });
            k.lens.push(key.len());
        }
        k.first = vec![u32::MAX; words_seen as usize];
        for (&(node, gap, wid), &child) in &k.edges {
            if node == 0 && gap == 0 {
                k.first[wid as usize] = child;
            }
        }
        Ok(k)
    }

    /// Every occurrence in ``text`` (which starts and ends with a space): (byte index of its last
    /// byte, key), by end and the longest first at one end; None once there are ``cap``.
    pub fn find(&self, text: &[u8], cap: usize) -> Option<Vec<(usize, usize)>> {
        // the words: (start, end, vocabulary id or u32::MAX), and the gap before each
        let mut words: Vec<(usize, usize, u32)> = Vec::new();
        let mut i = 0;
        let n = text.len();
        while i < n {
            if text[i] == b' ' {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut h = Fx::default();
            while j < n && text[j] != b' ' {
                h.write_u8(text[j]);
                j += 1;
            }
            let hash = h.finish();
            let hv = bloom_bit(hash);
            let id = if self.bloom[hv / 64] >> (hv % 64) & 1 == 0 {
                u32::MAX
            } else {
                let w = &text[i..j];
                self.vocab.get(&hash).and_then(|same| same.iter().find(|(word, _)| &word[..] == w)).map_or(u32::MAX, |&(_, id)| id)
            };
            words.push((i, j, id));
            i = j;
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for a in 0..words.len() {
            if words[a].2 == u32::MAX {
                continue;
            }
            let gap_before = words[a].0 - if a == 0 { 0 } else { words[a - 1].1 };
            let mut node = match self.first[words[a].2 as usize] {
                u32::MAX => continue,
                c => c,
            };
            let mut b = a;
            loop {
                let last_end = words[b].1;
                let gap_after = if b + 1 < words.len() { words[b + 1].0 } else { n } - last_end;
                for t in &self.terms[node as usize] {
                    if gap_before as u32 >= t.before && gap_after as u32 >= t.after {
                        out.push((last_end + t.after as usize - 1, t.key as usize));
                        if out.len() >= cap {
                            return None;
                        }
                    }
                }
                b += 1;
                if b >= words.len() || words[b].2 == u32::MAX {
                    break;
                }
                let gap = (words[b].0 - words[b - 1].1) as u32;
                node = match self.edges.get(&(node, gap, words[b].2)) {
                    Some(&c) => c,
                    None => break,
                };
            }
        }
        out.sort_by(|x, y| x.0.cmp(&y.0).then(self.lens[y.1].cmp(&self.lens[x.1])));
        Some(out)
    }
}
