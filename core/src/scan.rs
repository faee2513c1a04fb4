//! The gazetteer automaton's pass over one article: the same hits as
//! `citetrack.automaton.Automaton.hits(Folded.of(text))` in pure Python.
//!
//! The text is folded as Python folds it (lower case, every white-space character a space, runs
//! of white space one space, curly apostrophes straight), blanked (every character that is not a
//! letter or digit a space) and padded with a space at each end; every key of the automaton is
//! " key " blanked the same way, so a hit is a whole word. Character properties are never Rust's
//! own: they come from the running Python (`Scanner.__new__` gets its tables for the code points
//! below `TABLE`), so the core agrees with `str.lower`, `str.isspace` and `str.isalnum` of that
//! Python's Unicode version by construction. A text the core does not handle exactly is refused
//! (None) and Python does the work: a character at or beyond `TABLE`, a character whose lower case
//! is not one character or that `re` folds specially (`automaton.lowered` refuses those too), and
//! a text with `DENSE` hits or more (Python's `reach` then looks at its dense stretches).

use crate::words::{Fx, Keys};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

/// Code points the tables cover (U+0000..U+2FFF: Latin, Greek, Cyrillic, ..., all punctuation).
pub const TABLE: usize = 0x3000;
/// `reach.DENSE_HITS`: from this many automaton hits on, Python looks for dense stretches.
const DENSE: usize = 128;
/// A table value for a character the core refuses (its lower case is not one character, or `re`
/// folds it specially).
const REFUSE: u32 = u32::MAX;

const GAZ: u8 = 1;
const HEAD: u8 = 2;
const DESC: u8 = 4;
const ANAPHOR: u8 = 8;

struct Entry {
    key: Py<PyString>,
    /// The key's characters, when a hit must be checked against the folded text (a key with
    /// characters that blanking made spaces: "at&t"); None when it is all letters and digits.
    check: Option<Vec<u32>>,
    flags: u8,
    /// Whether the name may be accepted in any spelling (see ``forms``)
    any: bool,
    /// The key's surfaces less a leading "The ", as `Hits._not_a_common_word` compares a name
    /// that starts with a small letter with them: whether the first is a capital, and the rest.
    cores: Vec<(bool, Vec<u32>)>,
}

struct Word {
    n: usize, // characters of the blanked key
    entries: Vec<Entry>,
}

#[pyclass]
pub struct Scanner {
    keys: Keys,
    words: Vec<Word>,
    lower: Vec<u32>,
    space: Vec<bool>,
    alnum: Vec<bool>,
    /// For each ASCII byte: its folded form (lower case, white space a space), from the tables.
    ascii_flat: [u8; 128],
    /// For each folded ASCII byte: what the padded text has for it (itself if a letter or digit, else a space).
    ascii_pad: [u8; 128],
    /// Every spelling (white space single, apostrophes straight) in which a name that is not
    /// ``any`` can be a mention (`matcher.spellings`): a hit in none of them is no mention.
    forms: HashSet<String, BuildHasherDefault<Fx>>,
    /// The anchors' finders (see ``Finders`` in ``new``)
    finders: Finders,
    /// `str.islower` and `str.isalpha` of each code point below TABLE, and the lexicon's
    /// particles ("al"): what `leftmost_longest`'s check of a name in small letters reads
    islower: Vec<bool>,
    isalpha: Vec<bool>,
    particles: HashSet<String, BuildHasherDefault<Fx>>,
}

/// A gazetteer hit: (start, end) in text offsets and its entry.
type GazHit<'a> = (usize, usize, &'a Entry);

/// What one pass over a text found (see `Scanner::collect`).
struct Collected<'a> {
    prep: Prepared,
    gaz: Vec<GazHit<'a>>,
    head: Vec<usize>,
    desc: Vec<usize>,
    anaphor: Vec<usize>,
    nothing: bool,
}

/// What the finders need of the text around their anchor words before they can find anything
/// (`finders.unknown_mentions`, `finders.anaphors`): a capitalised word before a head word
/// (which starts with a capital), a capital after a descriptor, a determiner before a
/// back-reference noun. An anchor without it gives no mention.
struct Finders {
    capital: Vec<bool>,     // the class a name starts with (finders.CAP's first character)
    heads_capital: bool,    // every head word starts with one (else a head word always may)
    desc_reach: usize,      // the longest descriptor that introduces a name, in folded characters
    determiners: Vec<Vec<u32>>,
    extensions: Vec<Vec<u32>>, // words that extend a name (matcher.EXTENSION_WORDS)
    places: Vec<Vec<u32>>,     // the first words of the places that may follow a name (its edition)
    not_before: HashSet<String, BuildHasherDefault<Fx>>, // LEADING_STOP and titles: a word before that is no name's
    apposition: HashSet<String, BuildHasherDefault<Fx>>, // descriptor nouns, lower case ("News Agency Interfax")
}

/// An article folded and blanked, as the automaton reads it.
struct Prepared {
    folded: Vec<u32>,  // the folded text's code points
    orig: Vec<u32>,    // the text offset of each folded character
    padded: Vec<u8>,   // " " + blanked folded text + " ", UTF-8
    at: Vec<u32>,      // the padded character of each byte of ``padded`` (empty when ASCII)
    text: Vec<u32>,    // the text's code points (empty when ASCII: the bytes are)
}

#[pymethods]
impl Scanner {
    /// ``words``: (" blanked key ", characters of the blanked key, [(key, whether to check it,
    /// flags, whether any spelling may be a mention)]) as the Python automaton holds them;
    /// ``forms``: the spellings in which the other names may be; ``lower``: for each code point
    /// below TABLE its lower case (one code point) or -1 to refuse; ``space``, ``alnum``: bytes,
    /// 1 where ``str.isspace`` / ``str.isalnum`` holds.
    ///
    /// ``finders``: (bytes 1 where a code point below TABLE can start a name, whether every head
    /// word starts with one, the longest descriptor that introduces a name in folded characters,
    /// the determiners of back-references, the words that extend a name, the first words of the
    /// places that may follow one, LEADING_STOP, the titles and the descriptor nouns: see
    /// `longer_name`).
    #[new]
    fn new(words: Vec<(String, usize, Vec<(Py<PyString>, bool, u8, bool, Vec<(bool, String)>)>)>, forms: Vec<String>,
           finders: (Vec<u8>, bool, usize, Vec<String>, Vec<String>, Vec<String>, Vec<String>, Vec<String>, Vec<String>),
           names: (Vec<String>, &[u8], &[u8]),
           lower: Vec<i64>, space: &[u8], alnum: &[u8],
           py: Python<'_>) -> PyResult<Self> {
        let (particles, islower, isalpha) = names;
        if lower.len() != TABLE || space.len() != TABLE || alnum.len() != TABLE || islower.len() != TABLE
            || isalpha.len() != TABLE {
            return Err(pyo3::exceptions::PyValueError::new_err(format!("tables must cover {TABLE} code points")));
        }
        let mut pats = Vec::with_capacity(words.len());
        let mut out = Vec::with_capacity(words.len());
        for (w, n, entries) in words {
            let entries = entries.into_iter().map(|(key, check, flags, any, cores)| {
                let chars = if check { Some(key.as_ref(py).to_str().map(|s| s.chars().map(|c| c as u32).collect())) } else { None };
                let cores = cores.into_iter().map(|(upper, rest)| (upper, rest.chars().map(|c| c as u32).collect())).collect();
                Ok(Entry { key, check: chars.transpose()?, flags, any, cores })
            }).collect::<PyResult<Vec<_>>>()?;
            pats.push(w);
            out.push(Word { n, entries });
        }
        let keys = Keys::new(&pats).map_err(pyo3::exceptions::PyValueError::new_err)?;
        let lower: Vec<u32> = lower.into_iter().map(|c| if c < 0 || c as usize >= TABLE { REFUSE } else { c as u32 }).collect();
        let space: Vec<bool> = space.iter().map(|&b| b != 0).collect();
        let mut ascii_flat = [0u8; 128];
        for (c, f) in ascii_flat.iter_mut().enumerate() {
            let low = lower[c];
            *f = if low == REFUSE || low >= 128 { REFUSE_BYTE } else if space[low as usize] { b' ' } else { low as u8 };
        }
        let alnum: Vec<bool> = alnum.iter().map(|&b| b != 0).collect();
        let mut ascii_pad = [b' '; 128];
        for (c, p) in ascii_pad.iter_mut().enumerate() {
            if alnum[c] {
                *p = c as u8;
            }
        }
        Ok(Scanner { keys, words: out, lower, space, alnum, ascii_flat, ascii_pad,
                     forms: forms.into_iter().collect(),
                     finders: Finders { capital: finders.0.iter().map(|&b| b != 0).collect(), heads_capital: finders.1,
                                        desc_reach: finders.2,
                                        determiners: code_points(&finders.3), extensions: code_points(&finders.4),
                                        places: code_points(&finders.5),
                                        not_before: finders.6.into_iter().chain(finders.7).collect(),
                                        apposition: finders.8.into_iter().collect() },
                     islower: islower.iter().map(|&b| b != 0).collect(), isalpha: isalpha.iter().map(|&b| b != 0).collect(),
                     particles: particles.into_iter().collect() })
    }

    /// (gazetteer hits by start: {start: [(end, key)]}, head-word starts, descriptor starts,
    /// back-reference starts, whether the text can have no mention at all), text offsets in code
    /// points; or None where Python must do it. No mention at all: no name hit in a spelling
    /// that can be one, no anchor word of the finders, nothing a call sign or a channel
    /// abbreviation could start with ([KW][A-Z]{2}, "TV", "FM"). Such a text's hits are made
    /// only with ``full`` (None in their place otherwise: nothing needs them).
    #[args(full = "true")]
    fn hits<'py>(&self, py: Python<'py>, text: &str, full: bool) -> PyResult<Option<&'py PyTuple>> {
        let c = match self.collect(text) {
            Some(c) => c,
            None => return Ok(None),
        };
        if c.nothing && !full {
            return Ok(Some(PyTuple::new(py, [py.None(), py.None(), py.None(), py.None(), true.to_object(py)])));
        }
        let by_start = PyDict::new(py);
        for (st, stop, e) in c.gaz {
            let item: PyObject = (stop, e.key.clone_ref(py)).into_py(py);
            match by_start.get_item(st) {
                Some(list) => list.downcast::<PyList>()?.append(item)?,
                None => by_start.set_item(st, PyList::new(py, [item]))?,
            }
        }
        Ok(Some(PyTuple::new(py, [by_start.to_object(py), c.head.to_object(py), c.desc.to_object(py),
                                  c.anaphor.to_object(py), c.nothing.to_object(py)])))
    }

    /// What `Hits.names` yields from the hits (`automaton.leftmost_longest` with
    /// `Hits._not_a_common_word`, each name granted by a candidate budget of ``burst`` and
    /// ``every`` as `automaton.Budget` grants, the start of a "the" before it as `THE_BEFORE`
    /// finds it), less the names `Matcher.spelled_ok` refuses for their spelling (not one of
    /// ``forms``, for a name not taken in any spelling: `gazetteer_mentions` passes over them);
    /// with the anchors as ``hits`` gives them: (names [(start, end, key, start of "the" or
    /// None)], head-word starts, descriptor starts, back-reference starts, whether the text can
    /// have no mention at all, candidates the budget refused, where a call sign may start). A
    /// text with no mention has None for its names, anchors and call-sign starts; None where
    /// Python must do it.
    fn names<'py>(&self, py: Python<'py>, text: &str, burst: f64, every: f64) -> PyResult<Option<&'py PyTuple>> {
        let c = match self.collect(text) {
            Some(c) => c,
            None => return Ok(None),
        };
        if c.nothing {
            return Ok(Some(PyTuple::new(py, [py.None(), py.None(), py.None(), py.None(), true.to_object(py),
                                              0.to_object(py), py.None()])));
        }
        let prep = &c.prep;
        let n = if prep.text.is_empty() { text.len() } else { prep.text.len() };
        let mut order: Vec<usize> = (0..c.gaz.len()).collect();
        order.sort_by_key(|&i| c.gaz[i].0); // stable: each start's hits in the order found
        let mut out: Vec<PyObject> = Vec::new();
        let mut budget = Budget::new(burst, every);
        let mut refused = 0u32;
        let mut last = 0usize;
        let mut k = 0;
        while k < order.len() {
            let start = c.gaz[order[k]].0;
            let mut j = k;
            while j < order.len() && c.gaz[order[j]].0 == start {
                j += 1;
            }
            let group = &order[k..j];
            k = j;
            if start < last {
                continue;
            }
            let check = self.islower[self.at(text, prep, start) as usize];
            let mut best: Option<(usize, &Entry)> = None;
            for &i in group {
                let (_, end, e) = c.gaz[i];
                if best.map_or(true, |(b, _)| end > b) && self.free_after(text, prep, end, n)
                    && (!check || self.not_a_common_word(text, prep, start, end, e)) {
                    best = Some((end, e));
                }
            }
            let (end, e) = match best {
                Some(b) => b,
                None => continue,
            };
            last = end;
            if !budget.take(start) {
                refused += 1;
                continue;
            }
            if !e.any && !self.forms.contains(&self.spelled(text, prep, start, end)) {
                continue; // spelled_ok refuses it: no mention
            }
            let the = self.the_before(text, prep, start);
            out.push((start, end, e.key.clone_ref(py), the).into_py(py));
        }
        let signs = self.sign_starts(text, prep);
        Ok(Some(PyTuple::new(py, [PyList::new(py, out).to_object(py), c.head.to_object(py), c.desc.to_object(py),
                                  c.anaphor.to_object(py), false.to_object(py), refused.to_object(py),
                                  signs.to_object(py)])))
    }
}

/// `automaton.Budget`: ``burst`` candidates at once, then one per ``every`` characters (the same
/// float arithmetic, so the same grants).
struct Budget {
    burst: f64,
    every: f64,
    tokens: f64,
    last: usize,
}

impl Budget {
    fn new(burst: f64, every: f64) -> Budget {
        Budget { burst, every, tokens: burst, last: 0 }
    }

    fn take(&mut self, pos: usize) -> bool {
        if pos > self.last {
            let more = self.tokens + (pos - self.last) as f64 / self.every;
            self.tokens = if more < self.burst { more } else { self.burst };
            self.last = pos;
        }
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return true;
        }
        false
    }
}

const REFUSE_BYTE: u8 = 0xff;

impl Scanner {
    /// The hits of one pass over a text (gazetteer hits in the order found: by end, the longest
    /// first at one end), and whether it can have no mention at all; None where Python must do it.
    fn collect(&self, text: &str) -> Option<Collected<'_>> {
        let prep = if text.is_ascii() { self.prepare_ascii(text.as_bytes()) } else { self.prepare(text) }?;
        let found = self.keys.find(&prep.padded, DENSE)?;
        let found = found.into_iter().map(|(last, p)| (if prep.at.is_empty() { last } else { prep.at[last] as usize }, p));
        let mut gaz: Vec<GazHit> = Vec::new();
        let (mut head, mut desc, mut anaphor) = (Vec::new(), Vec::new(), Vec::new());
        let (folded, orig) = (&prep.folded, &prep.orig);
        let mut named = false; // a name hit in a spelling that can be a mention
        let mut anchored = false; // an anchor word with what its finder needs around it
        for (end, p) in found {
            let word = &self.words[p];
            let n = word.n;
            let s = end - n - 1; // the key's first character in the folded text
            let mut start: Option<usize> = None;
            for e in &word.entries {
                if let Some(key) = &e.check {
                    if folded[s..s + n] != key[..] {
                        continue;
                    }
                }
                let st = *start.get_or_insert(orig[s] as usize);
                if e.flags & GAZ != 0 && self.free_before(text, &prep, st) {
                    let stop = orig[end - 2] as usize + 1;
                    if !named {
                        let spelled = self.spelled(text, &prep, st, stop);
                        named = (e.any || self.forms.contains(&spelled)) && !self.longer_name(text, &prep, st, stop, &spelled);
                    }
                    gaz.push((st, stop, e));
                }
                if e.flags & HEAD != 0 {
                    head.push(st);
                    anchored = anchored || self.head_may(text, &prep, st);
                }
                if e.flags & DESC != 0 {
                    desc.push(st);
                    anchored = anchored || self.desc_may(text, &prep, s);
                }
                if e.flags & ANAPHOR != 0 {
                    anaphor.push(st);
                    anchored = anchored || self.anaphor_may(text, &prep, st);
                }
            }
        }
        let nothing = !named && !anchored && !sign_start(text);
        Some(Collected { prep, gaz, head, desc, anaphor, nothing })
    }

    /// An ASCII text folded, blanked and padded in one pass over its bytes (into buffers of the
    /// text's length, cut to what was written: no growth checks in the loop).
    fn prepare_ascii(&self, b: &[u8]) -> Option<Prepared> {
        let n = b.len();
        let mut folded = vec![0u32; n];
        let mut orig = vec![0u32; n];
        let mut padded = vec![b' '; n + 2];
        let (fo, or, pa) = (&mut folded[..], &mut orig[..], &mut padded[1..]);
        let mut k = 0;
        let mut prev_space = false;
        for (i, &c) in b.iter().enumerate() {
            let f = self.ascii_flat[(c & 0x7f) as usize];
            if f == REFUSE_BYTE {
                return None;
            }
            let space = f == b' ';
            if space && prev_space {
                continue; // a run of white space is its first space
            }
            prev_space = space;
            fo[k] = f as u32;
            or[k] = i as u32;
            pa[k] = self.ascii_pad[f as usize];
            k += 1;
        }
        folded.truncate(k);
        orig.truncate(k);
        padded[k + 1] = b' ';
        padded.truncate(k + 2);
        Some(Prepared { folded, orig, padded, at: Vec::new(), text: Vec::new() })
    }

    /// Any other text: the same in one pass over its characters, with the padded text's
    /// character for each of its UTF-8 bytes.
    fn prepare(&self, text: &str) -> Option<Prepared> {
        let n = text.len(); // bytes: at least as many as characters
        let mut chars = vec![0u32; n];
        let mut folded = vec![0u32; n];
        let mut orig = vec![0u32; n];
        let mut padded: Vec<u8> = Vec::with_capacity(n + 2);
        let mut at: Vec<u32> = Vec::with_capacity(n + 2);
        padded.push(b' ');
        at.push(0);
        let (ch, fo, or) = (&mut chars[..], &mut folded[..], &mut orig[..]);
        let mut k = 0; // folded characters so far
        let mut count = 0; // characters so far
        let mut prev_space = false;
        let mut buf = [0u8; 4];
        for (i, c) in text.chars().enumerate() {
            let cp = c as u32;
            ch[i] = cp;
            count = i + 1;
            let flat = if cp < 128 {
                let f = self.ascii_flat[cp as usize];
                if f == REFUSE_BYTE {
                    return None;
                }
                f as u32
            } else {
                if cp as usize >= TABLE {
                    return None;
                }
                let low = self.lower[cp as usize];
                if low == REFUSE {
                    return None;
                }
                if self.space[low as usize] { 0x20 } else if low == 0x2019 { 0x27 } else { low }
            };
            let space = flat == 0x20;
            if space && prev_space {
                continue; // a run of white space is its first space
            }
            prev_space = space;
            fo[k] = flat;
            or[k] = i as u32;
            k += 1; // its character in the padded text (after the leading space)
            if flat < 128 {
                padded.push(self.ascii_pad[flat as usize]);
                at.push(k as u32);
            } else if !self.alnum[flat as usize] {
                padded.push(b' ');
                at.push(k as u32);
            } else {
                let bytes = char::from_u32(flat)?.encode_utf8(&mut buf).as_bytes();
                padded.extend_from_slice(bytes);
                at.extend(std::iter::repeat(k as u32).take(bytes.len()));
            }
        }
        chars.truncate(count);
        folded.truncate(k);
        orig.truncate(k);
        padded.push(b' ');
        at.push((k + 1) as u32);
        Some(Prepared { folded, orig, padded, at, text: chars })
    }

    /// The text's code point at ``i``.
    fn at(&self, text: &str, prep: &Prepared, i: usize) -> u32 {
        if prep.text.is_empty() { text.as_bytes()[i] as u32 } else { prep.text[i] }
    }

    /// A head word at ``pos`` (text offset) can end an unknown name: it starts with a capital,
    /// white space before it, and a capital in the word before that (`finders._CAPS_BEFORE`).
    fn head_may(&self, text: &str, prep: &Prepared, pos: usize) -> bool {
        let f = &self.finders;
        if !f.heads_capital {
            return true;
        }
        if !f.capital[self.at(text, prep, pos) as usize] || pos == 0 || !self.space[self.at(text, prep, pos - 1) as usize] {
            return false;
        }
        let mut q = pos;
        while q > 0 && self.space[self.at(text, prep, q - 1) as usize] {
            q -= 1;
        }
        while q > 0 && !self.space[self.at(text, prep, q - 1) as usize] {
            if f.capital[self.at(text, prep, q - 1) as usize] {
                return true;
            }
            q -= 1;
        }
        false
    }

    /// A descriptor at folded offset ``s`` can introduce a name: a capital after white space
    /// within the longest descriptor's reach (`finders.Vocabulary.desc_name`).
    fn desc_may(&self, text: &str, prep: &Prepared, s: usize) -> bool {
        let hi = (s + self.finders.desc_reach + 2).min(prep.folded.len());
        (s + 1..hi).any(|k| prep.folded[k - 1] == 0x20 && self.finders.capital[self.at(text, prep, prep.orig[k] as usize) as usize])
    }

    /// A back-reference noun at ``pos`` has a determiner before it (`finders._anaphor_starts`).
    fn anaphor_may(&self, text: &str, prep: &Prepared, pos: usize) -> bool {
        let low = |i: usize| self.lower[self.at(text, prep, i) as usize];
        let white = |i: usize| self.space[self.at(text, prep, i) as usize];
        let mut q = pos;
        while q > 0 && white(q - 1) {
            q -= 1;
        }
        let same: Vec<u32> = "same".chars().map(|c| c as u32).collect();
        if q >= 4 && q < pos && (0..4).all(|k| low(q - 4 + k) == same[k]) {
            q -= 4;
            while q > 0 && white(q - 1) {
                q -= 1;
            }
        }
        q < pos && self.finders.determiners.iter().any(|d| q >= d.len() && (0..d.len()).all(|k| low(q - d.len() + k) == d[k]))
    }

    /// A one-word name that `matcher._longer_name` refuses for the capitalised word after it
    /// ("National Westminster", "Standard Oil"): not in capitals, a space or tab and then a
    /// capital and a small letter, no extension word ("BBC Radio") or place ("Breitbart
    /// California") there. Only where `gazetteer_mentions` gives it the text's own name: no "the"
    /// before it that could make the name two words ("the\nWest").
    fn longer_name(&self, text: &str, prep: &Prepared, a: usize, b: usize, spelled: &str) -> bool {
        let n = if prep.text.is_empty() { text.len() } else { prep.text.len() };
        if spelled.contains(' ') || !spelled.is_ascii() || b + 2 >= n {
            return false;
        }
        // a "the" within 12 characters before (names.THE_BEFORE is looked for when "he" or "HE" is):
        // then the name is one word only when exactly one space follows it, and the word before
        // is not looked at
        let he = self.he_before(text, prep, a);
        if he && !(a >= 2 && self.at(text, prep, a - 1) == 0x20 && !self.space[self.at(text, prep, a - 2) as usize]) {
            return false;
        }
        if self.after_name(text, prep, b, spelled) {
            return true;
        }
        !he && self.word_before_name(text, prep, a)
    }

    /// `_longer_name`'s test of the word after a one-word name (``b``: where the name ends).
    fn after_name(&self, text: &str, prep: &Prepared, b: usize, spelled: &str) -> bool {
        let n = if prep.text.is_empty() { text.len() } else { prep.text.len() };
        let upper = spelled.bytes().any(|c| c.is_ascii_uppercase()) && !spelled.bytes().any(|c| c.is_ascii_lowercase());
        let (c0, c1, c2) = (self.at(text, prep, b), self.at(text, prep, b + 1), self.at(text, prep, b + 2));
        if upper || !(c0 == 0x20 || c0 == 0x09) || !(0x41..=0x5a).contains(&c1) || !(0x61..=0x7a).contains(&c2) {
            return false;
        }
        let starts_with = |word: &Vec<u32>| (0..word.len()).all(|k| b + 1 + k < n && self.at(text, prep, b + 1 + k) == word[k]);
        let word_end = |k: usize| k >= n || { let c = self.at(text, prep, k); !(self.alnum[c as usize] || c == 0x5f) };
        if self.finders.extensions.iter().any(|w| starts_with(w) && word_end(b + 1 + w.len())) {
            return false; // "BBC Radio": _EXTENSION_OK
        }
        // "Breitbart California": an edition (every place ends, or has its first word end, where
        // no word character follows: the PLACES pattern's (?!\w) and \s+)
        !self.finders.places.iter().any(|w| starts_with(w) && word_end(b + 1 + w.len()))
    }

    /// `_longer_name`'s test of the word before a one-word name at ``a`` ("Acme Inc."): a word
    /// with a capital (`_WORD_BEFORE` within 30 characters), spaces or tabs between, and not a
    /// stop word or title, at a sentence's start, possessive, or a descriptor in apposition.
    fn word_before_name(&self, text: &str, prep: &Prepared, a: usize) -> bool {
        let lo = a.saturating_sub(30);
        let mut q = a;
        while q > lo && matches!(self.at(text, prep, q - 1), 0x20 | 0x09) {
            q -= 1;
        }
        if q == a {
            return false;
        }
        let in_word = |c: u32| (c as usize) < TABLE && self.alnum[c as usize] || c == 0x5f || c == 0x27 || c == 0x2019 || c == 0x2d;
        let mut p = q;
        while p > lo && in_word(self.at(text, prep, p - 1)) {
            p -= 1;
        }
        // the leftmost capital of that run is where the search finds the word
        let start = match (p..q).find(|&i| (0x41..=0x5a).contains(&self.at(text, prep, i))) {
            Some(s) => s,
            None => return false,
        };
        let word: String = (start..q).filter_map(|i| char::from_u32(self.at(text, prep, i))).collect();
        if self.finders.not_before.contains(&word) || word.ends_with("'s") || word.ends_with("\u{2019}s") {
            return false;
        }
        let lower: String = (start..q).filter_map(|i| char::from_u32(self.lower[self.at(text, prep, i) as usize])).collect();
        if self.finders.apposition.contains(&lower) {
            return false;
        }
        // not at a sentence's start (matcher.sentence_start): the three characters before, less
        // quotes, brackets and spaces on their right, end in one that ends a sentence, or are none
        let head: Vec<u32> = (start.saturating_sub(3)..start).map(|i| self.at(text, prep, i)).collect();
        let strip = [0x20, 0x09, 0x22, 0x201c, 0x2018, 0x27, 0x28];
        let last = head.iter().rev().find(|c| !strip.contains(c));
        match last {
            None => false,
            Some(c) => !matches!(*c, 0x2e | 0x21 | 0x3f | 0x0a | 0x3a),
        }
    }

    /// The text's characters ``a..b`` as `matcher.case_ok` compares them: apostrophes straight,
    /// white space single.
    fn spelled(&self, text: &str, prep: &Prepared, a: usize, b: usize) -> String {
        let mut out = String::with_capacity(b - a);
        let mut gap = false;
        for i in a..b {
            let c = if prep.text.is_empty() { text.as_bytes()[i] as u32 } else { prep.text[i] };
            if self.space[c as usize] {
                gap = true;
                continue;
            }
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(if c == 0x2019 { '\'' } else { char::from_u32(c).unwrap_or(' ') });
        }
        out
    }

    /// Where a call sign may start (`finders._CALLSIGN` starts with "K" or "W" and two more
    /// capitals): every such offset, in order (code points).
    fn sign_starts(&self, text: &str, prep: &Prepared) -> Vec<usize> {
        let n = if prep.text.is_empty() { text.len() } else { prep.text.len() };
        let cap = |c: u32| (0x41..=0x5a).contains(&c);
        (0..n.saturating_sub(2))
            .filter(|&i| matches!(self.at(text, prep, i), 0x4b | 0x57) && cap(self.at(text, prep, i + 1))
                    && cap(self.at(text, prep, i + 2)))
            .collect()
    }

    /// `(?![\w@]|\.\w)` at ``pos`` of the text (``n`` characters): `automaton.free_after`.
    fn free_after(&self, text: &str, prep: &Prepared, pos: usize, n: usize) -> bool {
        if pos >= n {
            return true;
        }
        let word = |c: u32| self.alnum[c as usize] || c == 0x5f;
        let c = self.at(text, prep, pos);
        if word(c) || c == 0x40 {
            return false;
        }
        !(c == 0x2e && pos + 1 < n && word(self.at(text, prep, pos + 1)))
    }

    /// `Hits._not_a_common_word`: whether a name that starts with a small letter may still be one
    /// ("al-Qabas", "the wall street journal"), not a common word in another case ("daily
    /// Yomiuri" for "Daily Yomiuri").
    fn not_a_common_word(&self, text: &str, prep: &Prepared, start: usize, end: usize, e: &Entry) -> bool {
        let mut first_end = start;
        while first_end < end && !self.space[self.at(text, prep, first_end) as usize] {
            first_end += 1;
        }
        if first_end == end || !(start..first_end).all(|i| self.isalpha[self.at(text, prep, i) as usize]) {
            return true; // one word, or a first word that is not all letters ("al-Qabas")
        }
        let first: String = (start..first_end).filter_map(|i| char::from_u32(self.at(text, prep, i))).collect();
        if self.particles.contains(&first) {
            return true; // "al Jazeera": a particle in small letters
        }
        !e.cores.iter().all(|(upper, rest)| {
            *upper && rest.len() == end - start - 1 && (0..rest.len()).all(|i| self.at(text, prep, start + 1 + i) == rest[i])
        })
    }

    /// Whether "he" or "HE" is among the 12 characters before ``pos``: where `Hits.names` looks
    /// for a "the" before a name (`THE_BEFORE`).
    fn he_before(&self, text: &str, prep: &Prepared, pos: usize) -> bool {
        let seg: Vec<u32> = (pos.saturating_sub(12)..pos).map(|i| self.at(text, prep, i)).collect();
        seg.windows(2).any(|w| w == [0x68, 0x65] || w == [0x48, 0x45])
    }

    /// Where `THE_BEFORE` (`(?<![\w-])(?i:the)\s+\Z`) matches in the 12 characters before a name
    /// at ``start``, as `Hits.names` looks for it: only when "he" or "HE" is among them.
    fn the_before(&self, text: &str, prep: &Prepared, start: usize) -> Option<usize> {
        if !self.he_before(text, prep, start) {
            return None;
        }
        let lo = start.saturating_sub(12);
        // "the" then white space up to the name: the white space is the run before it
        let mut w = start;
        while w > 0 && self.space[self.at(text, prep, w - 1) as usize] {
            w -= 1;
        }
        if w == start || w < lo + 3 {
            return None;
        }
        let p = w - 3;
        let is = |i: usize, a: u32| { let c = self.at(text, prep, i); c == a || c == a - 0x20 };
        if !(is(p, 0x74) && is(p + 1, 0x68) && is(p + 2, 0x65)) {
            return None;
        }
        if p > 0 {
            let c = self.at(text, prep, p - 1);
            if self.alnum[c as usize] || c == 0x5f || c == 0x2d {
                return None;
            }
        }
        Some(p)
    }

    /// `(?<![\w@#.])` at ``pos`` of the text: `automaton._free_before`.
    fn free_before(&self, text: &str, prep: &Prepared, pos: usize) -> bool {
        if pos == 0 {
            return true;
        }
        let c = if prep.text.is_empty() { text.as_bytes()[pos - 1] as u32 } else { prep.text[pos - 1] };
        !(self.alnum[c as usize] || c == '_' as u32 || c == '@' as u32 || c == '#' as u32 || c == '.' as u32)
    }
}

/// Whether a call sign or a channel abbreviation could start in the text (`finders._signs`):
/// both need "K" or "W" and two capitals, or "TV" or "FM".
fn sign_start(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(3).any(|w| (w[0] == b'K' || w[0] == b'W') && w[1].is_ascii_uppercase() && w[2].is_ascii_uppercase())
        || b.windows(2).any(|w| w == b"TV" || w == b"FM")
}

fn code_points(words: &[String]) -> Vec<Vec<u32>> {
    words.iter().map(|w| w.chars().map(|c| c as u32).collect()).collect()
}
