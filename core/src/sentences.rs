//! The sentence splitter of `citetrack/sentences.py` (`split_sentences`): the same spans, in code
//! points, for a text all of whose characters lie below the tables' end (else None: Python splits).
//!
//! Each of the splitter's regexes is written out here as the steps `re` takes for it, with its
//! backtracking worked out once (the comments say how), and with Python's character data for
//! `\s` (`str.isspace`), `\w` (`str.isalnum` or "_"), `str.islower`, `str.isalpha` and `str.lower`:
//!
//! - `_HEADLINE`: `\s*([^\n]{1,250})\n[ \t\r\f\v]*\n` matched at the start;
//! - `_CANDIDATE`: `[.!?](?<![.!?][.!?])[.!?]*+["'”’)\]]*+(?=\s)|\n[ \t\r\f\v]*\n\s*`, every match
//!   from the end of the headline on;
//! - `_NEXT_START`: `\s+(["'“‘(\[]*)(\S)` matched after a candidate: the first character of the
//!   next sentence, which must not be a small letter;
//! - `_WORD_BEFORE`: `([\w.]+)[.!?]*["'”’)\]]*\Z` searched in the 40 characters before a full stop
//!   and the stop itself: an abbreviation (`_ABBREV`), an initial or a dotted word keeps the
//!   sentence going.
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::HashSet;

use crate::scan::TABLE;

#[pyclass(module = "citetrack_core")]
pub struct Splitter {
    space: Vec<bool>,
    word: Vec<bool>, // \w: alphanumeric or "_"
    islower: Vec<bool>,
    isalpha: Vec<bool>,
    lower: Vec<u32>, // u32::MAX: not one character (the text is left to Python)
    abbrev: HashSet<Vec<u32>>,
    closers: Vec<u32>, // `"'”’)]`: what may close a sentence after its end punctuation
    openers: Vec<u32>, // `"'“‘([`: what may open the next one
    headline_max: usize,
    word_reach: usize,
}

const STOPS: [u32; 3] = ['.' as u32, '!' as u32, '?' as u32];
const NL: u32 = '\n' as u32;

/// `[ \t\r\f\v]`
fn blank(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0d | 0x0c | 0x0b)
}

#[pymethods]
impl Splitter {
    /// Tables for the code points below TABLE (bytes, 1 where the property holds; ``lower``: the
    /// lower case, -1 where it is not one character), the abbreviations (`sentences._ABBREV`), the
    /// closing and opening characters, the headline's longest line and how far back the word
    /// before a full stop is looked for.
    #[new]
    fn new(space: &[u8], alnum: &[u8], islower: &[u8], isalpha: &[u8], lower: Vec<i64>, abbrev: Vec<String>,
           closers: String, openers: String, headline_max: usize, word_reach: usize) -> PyResult<Self> {
        if [space.len(), alnum.len(), islower.len(), isalpha.len(), lower.len()].iter().any(|&n| n != TABLE) {
            return Err(PyValueError::new_err(format!("tables must cover {TABLE} code points")));
        }
        let flags = |b: &[u8]| b.iter().map(|&x| x != 0).collect::<Vec<bool>>();
        let mut word = flags(alnum);
        word['_' as usize] = true;
        Ok(Splitter {
            space: flags(space), word, islower: flags(islower), isalpha: flags(isalpha),
            lower: lower.into_iter().map(|c| if c < 0 || c as usize >= TABLE { u32::MAX } else { c as u32 }).collect(),
            abbrev: abbrev.iter().map(|a| a.chars().map(|c| c as u32).collect()).collect(),
            closers: closers.chars().map(|c| c as u32).collect(), openers: openers.chars().map(|c| c as u32).collect(),
            headline_max, word_reach,
        })
    }

    /// `split_sentences(text)`: the (start, end) of each sentence, trimmed of white space, in
    /// code points; None where a character lies beyond the tables (Python splits such a text).
    fn split(&self, text: &str) -> Option<Vec<(usize, usize)>> {
        let t: Vec<u32> = if text.is_ascii() { text.bytes().map(|b| b as u32).collect() } else { text.chars().map(|c| c as u32).collect() };
        if t.iter().any(|&c| c as usize >= TABLE) {
            return None;
        }
        let n = t.len();
        let mut raw: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        if let Some(head_end) = self.headline(&t) {
            raw.push((0, head_end));
            start = head_end;
        }
        let mut p = start;
        while p < n {
            let c = t[p];
            if STOPS.contains(&c) {
                if p > 0 && STOPS.contains(&t[p - 1]) {
                    p += 1; // inside a run of end punctuation: the look-behind fails
                    continue;
                }
                // possessive runs of end punctuation, then of closers; then white space must follow
                let mut e = p + 1;
                while e < n && STOPS.contains(&t[e]) {
                    e += 1;
                }
                while e < n && self.closers.contains(&t[e]) {
                    e += 1;
                }
                if e < n && self.space[t[e] as usize] {
                    match self.is_boundary(&t, p, e) {
                        None => return None,
                        Some(true) => {
                            raw.push((start, e));
                            start = e;
                        }
                        Some(false) => {}
                    }
                    p = e; // the scan goes on after the match, a boundary or not
                    continue;
                }
                p += 1;
                continue;
            }
            if c == NL {
                // "\n[ \t\r\f\v]*\n\s*": the blanks, a second line break, then all white space
                let mut e = p + 1;
                while e < n && blank(t[e]) {
                    e += 1;
                }
                if e < n && t[e] == NL {
                    e += 1;
                    while e < n && self.space[t[e] as usize] {
                        e += 1;
                    }
                    raw.push((start, e));
                    start = e;
                    p = e;
                    continue;
                }
            }
            p += 1;
        }
        if start < n {
            raw.push((start, n));
        }
        Some(raw.into_iter().map(|(a, b)| self.trim(&t, a, b)).filter(|(a, b)| a < b).collect())
    }
}

impl Splitter {
    /// Where `_HEADLINE` ends its group, if it matches. `\s*` takes the leading white space, the
    /// longest run first; from each of its lengths, `[^\n]{1,250}` can only end at the first line
    /// break (nothing else may follow it), so the group is that line, if it is 1 to 250
    /// characters, and it is followed by blanks and a second line break.
    fn headline(&self, t: &[u32]) -> Option<usize> {
        let n = t.len();
        let mut w = 0;
        while w < n && self.space[t[w] as usize] {
            w += 1;
        }
        // the first line break at or after each start, found from the end of the white space back
        let mut next_nl = match t[w..].iter().position(|&c| c == NL) { Some(k) => w + k, None => n };
        let mut s = w as isize;
        while s >= 0 {
            let su = s as usize;
            if su < n && t[su] == NL {
                next_nl = su; // a start on a line break fails; the starts before it end at it
                s -= 1;
                continue;
            }
            if su < n && next_nl < n {
                let len = next_nl - su;
                if (1..=self.headline_max).contains(&len) {
                    let mut e = next_nl + 1;
                    while e < n && blank(t[e]) {
                        e += 1;
                    }
                    if e < n && t[e] == NL {
                        return Some(next_nl);
                    }
                }
            }
            s -= 1;
        }
        None
    }

    /// `_is_boundary` for the candidate t[p..e] (end punctuation at p, white space at e); None
    /// where Python must tell (a lower case that is not one character).
    fn is_boundary(&self, t: &[u32], p: usize, e: usize) -> Option<bool> {
        let n = t.len();
        // _NEXT_START at e: the white space (at least one), the openers, then a character that is
        // not white space; with none there, the openers give back their last one as that character
        let mut q = e;
        while q < n && self.space[t[q] as usize] {
            q += 1;
        }
        let mut r = q;
        while r < n && self.openers.contains(&t[r]) {
            r += 1;
        }
        let first = if r < n && !self.space[t[r] as usize] { Some(t[r]) } else if r > q { Some(t[r - 1]) } else { None };
        if let Some(c) = first {
            if self.islower[c as usize] {
                return Some(false);
            }
        }
        if t[p] != '.' as u32 {
            return Some(true);
        }
        // _WORD_BEFORE in t[max(0, p - reach)..p + 1]: the character before p is no end
        // punctuation (the candidate's look-behind), so the match is the run of [\w.] that ends
        // with the stop at p, from where the search finds it (no earlier than its region)
        let lo = p.saturating_sub(self.word_reach);
        let mut s = p;
        while s > lo && (self.word[t[s - 1] as usize] || t[s - 1] == '.' as u32) {
            s -= 1;
        }
        let mut word: Vec<u32> = Vec::with_capacity(p + 1 - s);
        for &c in &t[s..p + 1] {
            let l = self.lower[c as usize];
            if l == u32::MAX {
                return None;
            }
            word.push(l);
        }
        // .rstrip(".").lower(): the lower case of a character is never "." unless it is one
        while word.last() == Some(&('.' as u32)) {
            word.pop();
        }
        let last: &[u32] = match word.iter().rposition(|&c| c == '.' as u32) { Some(k) => &word[k + 1..], None => &word[..] };
        let dotted = word.contains(&('.' as u32));
        if self.abbrev.contains(last) || (last.len() == 1 && self.isalpha[last[0] as usize]) || dotted {
            return Some(false);
        }
        Some(true)
    }

    fn trim(&self, t: &[u32], mut a: usize, mut b: usize) -> (usize, usize) {
        while a < b && self.space[t[a] as usize] {
            a += 1;
        }
        while b > a && self.space[t[b - 1] as usize] {
            b -= 1;
        }
        (a, b)
    }
}
