//! The wire signals of `citetrack/data/wire.toml` at the top and the bottom of an article: the
//! matches `citetrack.wire.find_wire` looks at, in the order it looks at them (Python then tells
//! which names an agency: the gazetteer stays in Python).
//!
//! The regexes come translated (`citetrack.regexport.translate_for_ascii`: exact on text of ASCII
//! and a few plain punctuation marks, symbols and spaces, `wire.CORE_EXTRAS`), so
//! fancy-regex matches what `re` does; what this file adds is `find_wire`'s own logic: the
//! windows (the first `top` and the last `bottom` code points, one window for a short text), the
//! literal strings a signal needs in the lower-cased window before its regex is tried, and where
//! a sign-off's search from its last needed string begins. A text with a window holding any other
//! character is left to Python.
use fancy_regex::{Regex, RegexBuilder};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::cell::OnceCell;

struct Sig {
    /// the source with the regex crate's own \b and \z and its classes cut to ASCII and the
    /// extra characters (`regexport.translate_for_ascii`): exact on windows of those, which are
    /// the only ones looked at here. (Whole classes from Python's tables make the crate's
    /// programs ~8 MB a signal, and fancy-regex's VM, which the exact translation needs, is no
    /// faster than `re`: any other window is left to Python.)
    source: String,
    regex: OnceCell<Regex>, // compiled when first needed (most texts need few)
    place: u8, // 0 top, 1 bottom, 2 both
    needs: Option<Vec<String>>,
    at_end: bool,
    fixed: bool,          // names a fixed agency: one match tells
    name: Option<usize>,  // the group naming the agency
}

#[pyclass(module = "citetrack_core")]
pub struct Wire {
    sigs: Vec<Sig>,
    top: usize,
    bottom: usize,
    near: usize,
    /// the characters beyond ASCII a window may hold (sorted): the sources were translated for them
    /// (`regexport.translate_for_ascii(also=...)`: no case, no word characters)
    extras: Vec<char>,
}

/// (signal, window: 0 top / 1 bottom, start, end, name start, name end): code points in the window
type Candidate = (usize, u8, usize, usize, i64, i64);

fn build(source: &str) -> PyResult<Regex> {
    // the compiled program may be large (classes spelled out from Python's tables); the lazy DFA's
    // cache keeps the regex crate's default (2 MB per regex: 33 of them at 64 MB came to 110 MB)
    RegexBuilder::new(source).backtrack_limit(100_000_000).delegate_size_limit(1 << 28).build()
        .map_err(|e| PyValueError::new_err(format!("fancy-regex does not compile a wire signal: {}", e)))
}

fn rt(e: fancy_regex::Error) -> PyErr {
    PyRuntimeError::new_err(format!("fancy-regex: {}", e))
}

#[pymethods]
impl Wire {
    /// Whether a window holds only ASCII and the extra characters.
    fn plain(&self, window: &str) -> bool {
        window.is_ascii() || window.chars().all(|c| c.is_ascii() || self.extras.binary_search(&c).is_ok())
    }

    /// ``signals``: (the source for windows of ASCII and ``extras``, where, needed strings or None, ends at the window's end,
    /// names a fixed agency, index of its ``name`` group or None); ``lower``: each code point's
    /// lower case below the tables' end, -1 where it is not one character (the windows looked at
    /// here are lower-cased as ASCII: ASCII's lower case must be Python's, and ``extras``, the
    /// characters beyond ASCII they may hold, must be their own lower case).
    #[new]
    fn new(signals: Vec<(String, u8, Option<Vec<String>>, bool, bool, Option<usize>)>, top: usize,
           bottom: usize, near: usize, lower: Vec<i64>, extras: String) -> PyResult<Self> {
        let mut sigs = Vec::with_capacity(signals.len());
        for (source, place, needs, at_end, fixed, name) in signals {
            // a source fancy-regex does not read fails here, not on some later text
            fancy_regex::Expr::parse_tree(&source)
                .map_err(|e| PyValueError::new_err(format!("fancy-regex does not parse a wire signal: {}", e)))?;
            sigs.push(Sig { source, regex: OnceCell::new(), place, needs, at_end, fixed, name });
        }
        // the windows looked at here are ASCII, lower-cased as ASCII: what Python's table says too
        if (0..128u8).any(|c| lower.get(c as usize) != Some(&(c.to_ascii_lowercase() as i64))) {
            return Err(PyValueError::new_err("Python's lower case of ASCII is not ASCII's"));
        }
        // the extra characters are lower-cased as themselves (to_ascii_lowercase keeps them): so must Python
        if extras.chars().any(|c| c.is_ascii() || lower.get(c as usize) != Some(&(c as i64))) {
            return Err(PyValueError::new_err("an extra character is ASCII or has a lower case of its own"));
        }
        let mut extras: Vec<char> = extras.chars().collect();
        extras.sort_unstable();
        Ok(Wire { sigs, top, bottom, near, extras })
    }

    /// The first match of each signal in each window find_wire looks at, in its order, each with
    /// whether the signal may match again further on (then, if Python's gazetteer refuses the
    /// name, Python looks at the text itself); None where Python must look from the start.
    fn candidates(&self, text: &str) -> PyResult<Option<Vec<(Candidate, bool)>>> {
        let n = text.chars().count();
        let byte_at = |cp: usize| -> usize { if text.len() == n { cp } else { text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b) } };
        let top = &text[..byte_at(self.top.min(n))];
        let bottom = if n > self.bottom { &text[byte_at(n - self.bottom)..] } else { text };
        let short = top.len() == text.len() && bottom.len() == text.len();
        if !self.plain(top) || !self.plain(bottom) {
            return Ok(None); // see Sig: Python looks
        }
        let low_top = top.to_ascii_lowercase();
        let low_bottom = if short { low_top.clone() } else { bottom.to_ascii_lowercase() };
        let mut out = Vec::new();
        for (i, sig) in self.sigs.iter().enumerate() {
            let places: &[u8] = match sig.place { 0 => &[0], 1 => &[1], _ if short => &[0], _ => &[0, 1] };
            for &place in places {
                let (window, low) = if place == 0 { (top, &low_top) } else { (bottom, &low_bottom) };
                if let Some(needs) = &sig.needs {
                    if !needs.iter().any(|s| low.contains(s.as_str())) {
                        continue;
                    }
                }
                // Only searches from the window's start: the regex crate 1.7 can take the
                // position a later search starts at for the start of the text (a "(?m:^)" there
                // matched in a test), so no later search is trusted.
                // the first match (a DFA's search, for a regex without look-arounds), then its
                // groups only where the name is needed (the same match: both are leftmost-first)
                let regex = sig.regex()?;
                let whole = match regex.find_from_pos(window, 0).map_err(rt)? {
                    Some(m) => m,
                    None => continue,
                };
                let first = match sig.name {
                    None => (i, place, cp(window, whole.start()), cp(window, whole.end()), -1, -1),
                    Some(_) => match regex.captures_from_pos(window, 0).map_err(rt)? {
                        Some(caps) => span(i, place, window, &caps, sig.name),
                        None => return Err(PyRuntimeError::new_err("fancy-regex: a match without its groups")),
                    },
                };
                if first.2 == first.3 {
                    return Ok(None); // an empty match: re goes on differently (never in the packaged signals)
                }
                if sig.fixed {
                    if let Some(from) = self.sign_off_from(sig, low) {
                        if first.2 < from {
                            return Ok(None); // find_wire takes the match from there: Python looks
                        }
                    }
                    out.push((first, false));
                } else {
                    out.push((first, true)); // later matches are looked at by Python, if need be
                }
            }
        }
        Ok(Some(out))
    }
}

impl Sig {
    fn regex(&self) -> PyResult<&Regex> {
        if let Some(r) = self.regex.get() {
            return Ok(r);
        }
        let r = build(&self.source)?;
        Ok(self.regex.get_or_init(|| r))
    }
}

fn cp(window: &str, byte: usize) -> usize {
    window[..byte].chars().count()
}

fn span(i: usize, place: u8, window: &str, caps: &fancy_regex::Captures, name: Option<usize>) -> Candidate {
    let m = caps.get(0).unwrap();
    let (ns, ne) = match name.and_then(|g| caps.get(g)) {
        Some(g) => (cp(window, g.start()) as i64, cp(window, g.end()) as i64),
        None => (-1, -1),
    };
    (i, place, cp(window, m.start()), cp(window, m.end()), ns, ne)
}

impl Wire {
    /// Where `Signal.any_match` looks for a sign-off first (code points): 64 before the last
    /// string it needs, when that is further on; None when it looks from the start.
    fn sign_off_from(&self, sig: &Sig, low: &str) -> Option<usize> {
        if !sig.at_end {
            return None;
        }
        let needs = sig.needs.as_ref()?;
        // rfind in the lowered window, in code points (the lowered window has the window's length)
        let last = needs.iter().map(|s| low.rfind(s.as_str()).map_or(-1, |b| cp(low, b) as i64)).max().unwrap_or(-1);
        if last > self.near as i64 { Some(last as usize - self.near) } else { None }
    }
}
