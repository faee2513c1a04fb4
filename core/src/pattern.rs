//! `Pattern`: one regex, from a source that `citetrack.regexport.translate` wrote, run by
//! fancy-regex with Python `re`'s semantics for what it returns: non-overlapping matches as
//! `re.finditer` gives them and the match at a position as `pattern.match(text, pos)` does, with
//! offsets in code points as Python counts them.
//!
//! The source must come from the translator: it spells every class out and carries no flags, so
//! that fancy-regex and the regex crate interpret nothing on their own (docs/compiled-core.md,
//! decision 2). What this file adds is the part of `re`'s behaviour that lives outside the
//! pattern: how a search goes on after a match, how `pos` keeps the text before it visible, and
//! code-point offsets.
use fancy_regex::internal::{analyze, compile, run_default, Prog};
use fancy_regex::{Expr, LookAround, Regex, RegexBuilder};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::cell::OnceCell;

/// The backtracking limit of fancy-regex's VM for a search (its default is 1,000,000; the
/// constructor takes another). Python has none; a search that reaches it raises RuntimeError
/// instead of answering. `match_at` runs its anchored program with fancy-regex's default (the
/// VM's entry point for one position takes no options) and, past it, searches from `pos` with this one.
const BACKTRACK_LIMIT: usize = 100_000_000;
/// Size limits for the regex crate's compiled parts (defaults 10 MB and 2 MB): explicit classes
/// of Python's tables make programs larger than the shorthand classes would. fancy-regex 0.7.1
/// applies them only to a pattern without look-arounds (handed to the regex crate whole); the
/// parts of one with look-arounds get the defaults, and a part over them is a ValueError.
const DELEGATE_SIZE_LIMIT: usize = 1 << 28;
const DELEGATE_DFA_SIZE_LIMIT: usize = 1 << 26;

#[pyclass(module = "citetrack_core")]
pub struct Pattern {
    source: String,
    backtrack_limit: usize,
    /// for searches: fancy-regex's own wrapper (a lazy `.*?` before the pattern); compiled on
    /// first use, as is `anchored` (each costs as much as the other, and most callers use one)
    search: OnceCell<Regex>,
    /// for matches at one position: the pattern alone, compiled without that wrapper, so the VM
    /// starts at `pos` and nowhere else; None where that program exceeds fancy-regex's default
    /// size limits (its entry point takes no options): then a search from `pos` that must start there
    anchored: OnceCell<Option<Prog>>,
}

fn error<E: std::fmt::Display>(what: &str, e: E) -> PyErr {
    PyValueError::new_err(format!("{}: {}", what, e))
}

#[pymethods]
impl Pattern {
    #[new]
    #[args(backtrack_limit = "BACKTRACK_LIMIT")]
    fn new(source: &str, backtrack_limit: usize) -> PyResult<Self> {
        Expr::parse_tree(source).map_err(|e| error("fancy-regex does not parse the pattern", e))?;
        Ok(Pattern { source: source.to_string(), backtrack_limit, search: OnceCell::new(), anchored: OnceCell::new() })
    }

    /// The source the pattern was made from.
    #[getter]
    fn source(&self) -> &str {
        &self.source
    }

    /// Every non-overlapping match, as `[m.span() for m in re.finditer(text)]`. An empty match
    /// raises ValueError: after one, `re` looks for a non-empty match at the same place before
    /// moving on, which fancy-regex cannot be asked for (the patterns given to find_all cannot
    /// match the empty string).
    fn find_all(&self, text: &PyString) -> PyResult<Vec<(usize, usize)>> {
        let s = text.to_str()?;
        let ascii = s.len() == text.len()?;
        let mut out = Vec::new();
        let mut at = Offsets::new(s, ascii);
        let search = self.search()?;
        let mut pos = 0;
        while pos <= s.len() {
            let m = match search.find_from_pos(s, pos) {
                Ok(Some(m)) => m,
                Ok(None) => break,
                Err(e) => return Err(PyRuntimeError::new_err(format!("fancy-regex: {}", e))),
            };
            if m.start() == m.end() {
                return Err(PyValueError::new_err(format!(
                    "the pattern matched the empty string at {}: find_all takes patterns that cannot",
                    at.code_points(m.start())
                )));
            }
            out.push((at.code_points(m.start()), at.code_points(m.end())));
            pos = m.end();
        }
        Ok(out)
    }

    /// The match starting exactly at `pos` (in code points), as `pattern.match(text, pos)`: the
    /// text before `pos` stays visible to look-behinds, `\b` and `^`. A `pos` past the end is the
    /// end; a negative one is 0 (as in `re`).
    fn match_at(&self, text: &PyString, pos: isize) -> PyResult<Option<(usize, usize)>> {
        let s = text.to_str()?;
        let n = text.len()?;
        let ascii = s.len() == n;
        let cp = (pos.max(0) as usize).min(n);
        let start = if ascii { cp } else { s.char_indices().nth(cp).map_or(s.len(), |(b, _)| b) };
        let anchored = match self.anchored()? {
            Some(prog) => match run_default(prog, s, start) {
                Ok(saves) => Some(saves.map(|v| (v[0], v[1]))),
                Err(fancy_regex::Error::BacktrackLimitExceeded) => None, // the default 1 M steps
                Err(e) => return Err(PyRuntimeError::new_err(format!("fancy-regex: {}", e))),
            },
            None => None,
        };
        let span = match anchored {
            Some(span) => span,
            // the leftmost match from `start`, with this pattern's own limits: it starts there
            // exactly when some match does, and is then the one the anchored program would give
            // (the first in priority order)
            None => match self.search()?.find_from_pos(s, start) {
                Ok(m) => m.filter(|m| m.start() == start).map(|m| (m.start(), m.end())),
                Err(e) => return Err(PyRuntimeError::new_err(format!("fancy-regex: {}", e))),
            },
        };
        Ok(span.map(|(a, b)| {
            let mut at = Offsets { text: s, ascii, byte: start, cp };
            (at.code_points(a), at.code_points(b))
        }))
    }
}

impl Pattern {
    fn search(&self) -> PyResult<&Regex> {
        if let Some(r) = self.search.get() {
            return Ok(r);
        }
        let r = RegexBuilder::new(&self.source)
            .backtrack_limit(self.backtrack_limit)
            .delegate_size_limit(DELEGATE_SIZE_LIMIT)
            .delegate_dfa_size_limit(DELEGATE_DFA_SIZE_LIMIT)
            .build()
            .map_err(|e| error("fancy-regex does not compile the pattern", e))?;
        Ok(self.search.get_or_init(|| r))
    }

    fn anchored(&self) -> PyResult<&Option<Prog>> {
        if let Some(p) = self.anchored.get() {
            return Ok(p);
        }
        let mut tree = Expr::parse_tree(&self.source).map_err(|e| error("fancy-regex does not parse the pattern", e))?;
        // group 0 around the whole pattern, as fancy-regex's own wrapper has it: its saves are
        // the match's bounds. The empty look-ahead after it (always true) makes the compiler
        // treat the group as the wrapper's does (as "hard": only fixed-size parts handed to the
        // regex crate), so the anchored program is split as the search one is: fancy-regex 0.7.1
        // compiles those parts with the regex crate's default 10 MB limit whatever the builder says
        let whole = Expr::Group(Box::new(std::mem::replace(&mut tree.expr, Expr::Empty)));
        tree.expr = Expr::Concat(vec![whole, Expr::LookAround(Box::new(Expr::Empty), LookAround::LookAhead)]);
        let info = analyze(&tree).map_err(|e| error("fancy-regex does not analyse the pattern", e))?;
        let prog = match compile(&info) {
            Ok(prog) => Some(prog),
            Err(fancy_regex::Error::InnerError(regex::Error::CompiledTooBig(_))) => None,
            Err(e) => return Err(error("fancy-regex does not compile the pattern", e)),
        };
        Ok(self.anchored.get_or_init(|| prog))
    }
}

/// Byte offsets to code points, for offsets that never go backwards (one pass over the text).
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    cp: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, ascii: bool) -> Self {
        Offsets { text, ascii, byte: 0, cp: 0 }
    }

    fn code_points(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        debug_assert!(byte >= self.byte);
        self.cp += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.cp
    }
}
