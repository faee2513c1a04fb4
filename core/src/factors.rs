//! The rule filter's pass (`citetrack.prefilter.RuleFilter.occurrences`): where the literal
//! strings the rules need occur in the lower-cased windows around an article's mentions, with the
//! rules each occurrence makes possible. Every occurrence is reported (overlapping), in the order
//! of their ends, in code points, as pyahocorasick reports them.
//!
//! The occurrences stay here (`Found`), and each mention asks which rules to try on it and where
//! their ``before`` match can start (`Found.candidates`, the same answer as
//! `prefilter.Occurrences.candidates`). Rule sets are bit sets of ``words`` 64-bit words (rule i
//! is bit i % 64 of word i / 64), so any number of rules fits.
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use std::sync::Arc;

/// What a rule set's filter knows, shared by every `Found` it makes.
struct Plan {
    ac: AhoCorasick<u32>,
    words: usize,
    /// per factor: its length in code points
    lens: Vec<usize>,
    /// per factor: left, right and lead bits (``words`` words each, in that order)
    bits: Vec<u64>,
    /// per factor: the same bits as the Python ints they were given as (for `Found.lists`)
    values: Vec<(PyObject, PyObject, PyObject)>,
    /// the rules always possible on the left, on the right; those with leading strings
    left_free: Vec<u64>,
    right_free: Vec<u64>,
    leading: Vec<u64>,
    /// per window flag (bit f of ``flags``): the rules it rules out (prefilter.RuleFilter.vetoes)
    vetoes: Vec<Vec<u64>>,
    rules: Vec<PyObject>,
}

#[pyclass(module = "citetrack_core")]
pub struct Factors {
    plan: Arc<Plan>,
}

fn check_words(v: &[u64], words: usize, what: &str) -> PyResult<()> {
    if v.len() != words {
        return Err(pyo3::exceptions::PyValueError::new_err(format!("{what}: {} words, not {words}", v.len())));
    }
    Ok(())
}

#[pymethods]
impl Factors {
    /// ``factors``: (the lower-case string, its length, left, right, lead rule bits as Python ints,
    /// the same three as ``words`` 64-bit words each); ``free``: the left-free, right-free and
    /// leading rules; ``vetoes``: the rules each window flag rules out; ``rules``: the rules, in
    /// order (what `candidates` hands back).
    #[new]
    fn new(factors: Vec<(String, usize, PyObject, PyObject, PyObject, Vec<u64>)>, words: usize,
           free: (Vec<u64>, Vec<u64>, Vec<u64>), vetoes: Vec<Vec<u64>>, rules: Vec<PyObject>) -> PyResult<Self> {
        let pats: Vec<&String> = factors.iter().map(|f| &f.0).collect();
        let ac = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).dfa(true).build_with_size::<u32, _, _>(pats)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        let mut bits = Vec::with_capacity(factors.len() * 3 * words);
        for f in &factors {
            check_words(&f.5, 3 * words, "factor bits")?;
            bits.extend_from_slice(&f.5);
        }
        for (v, what) in [(&free.0, "left free"), (&free.1, "right free"), (&free.2, "leading")] {
            check_words(v, words, what)?;
        }
        for v in &vetoes {
            check_words(v, words, "veto")?;
        }
        if rules.len() > 64 * words {
            return Err(pyo3::exceptions::PyValueError::new_err("more rules than bits"));
        }
        let lens = factors.iter().map(|f| f.1).collect();
        let values = factors.into_iter().map(|(_, _, l, r, d, _)| (l, r, d)).collect();
        Ok(Factors { plan: Arc::new(Plan { ac, words, lens, bits, values, left_free: free.0, right_free: free.1,
                                           leading: free.2, vetoes, rules }) })
    }

    /// Every occurrence inside the spans (code points of ``lowered``, disjoint and in order), by
    /// end; within one end, the longest first.
    fn occurrences(&self, lowered: &str, spans: Vec<(usize, usize)>) -> Found {
        let plan = &self.plan;
        let ascii = lowered.is_ascii();
        let byte_of: Vec<usize> = if ascii { Vec::new() } else { lowered.char_indices().map(|(b, _)| b).chain([lowered.len()]).collect() };
        let mut all: Vec<(usize, usize, usize)> = Vec::new(); // (end, length, factor) of every occurrence
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (lo, hi) in spans {
            let (blo, bhi) = if ascii { (lo, hi) } else { (byte_of[lo.min(byte_of.len() - 1)], byte_of[hi.min(byte_of.len() - 1)]) };
            found.clear();
            for m in plan.ac.find_overlapping_iter(&lowered.as_bytes()[blo..bhi]) {
                let end_b = blo + m.end();
                let end = if ascii { end_b } else { byte_of.partition_point(|&b| b < end_b) };
                found.push((end, plan.lens[m.pattern()], m.pattern()));
            }
            // pyahocorasick: by end, the longest first at one end
            found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            all.extend_from_slice(&found);
        }
        Found {
            plan: plan.clone(),
            starts: all.iter().map(|&(end, n, _)| end - n).collect(),
            ends: all.iter().map(|&(end, _, _)| end).collect(),
            factor: all.iter().map(|&(_, _, p)| p).collect(),
        }
    }
}

/// The occurrences of the factors in one text (see `Factors.occurrences`).
#[pyclass(module = "citetrack_core")]
pub struct Found {
    plan: Arc<Plan>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    factor: Vec<usize>,
}

impl Found {
    /// The first occurrence ending after ``pos`` (bisect_right of the ends).
    fn after(&self, pos: usize) -> usize {
        self.ends.partition_point(|&e| e <= pos)
    }

    /// OR into ``acc`` the bits (``side``: 0 left, 1 right) of the occurrences inside text[lo:hi].
    fn or_bits(&self, lo: usize, hi: usize, side: usize, acc: &mut [u64]) {
        let w = self.plan.words;
        for t in self.after(lo)..self.after(hi) {
            if self.starts[t] >= lo {
                let at = self.factor[t] * 3 * w + side * w;
                for (a, b) in acc.iter_mut().zip(&self.plan.bits[at..at + w]) {
                    *a |= b;
                }
            }
        }
    }
}

#[pymethods]
impl Found {
    /// (starts, ends, left, right, lead) as the Python lists `prefilter.Occurrences` holds.
    fn lists<'py>(&self, py: Python<'py>) -> &'py PyTuple {
        let v = &self.plan.values;
        PyTuple::new(py, [
            PyList::new(py, &self.starts),
            PyList::new(py, &self.ends),
            PyList::new(py, self.factor.iter().map(|&p| v[p].0.clone_ref(py))),
            PyList::new(py, self.factor.iter().map(|&p| v[p].1.clone_ref(py))),
            PyList::new(py, self.factor.iter().map(|&p| v[p].2.clone_ref(py))),
        ])
    }

    /// The rules to try (in order) on a mention whose rules see text[lo:start] on the left and
    /// text[end:hi] on the right, each with the offsets in text[lo:start] where its ``before``
    /// match can start (None: anywhere): [(rule, starts or None)]. ``among``: only these rules
    /// (bits), if given; ``flags``: the window's flags, whose vetoes rule rules out.
    fn candidates<'py>(&self, py: Python<'py>, lo: usize, start: usize, end: usize, hi: usize,
                       among: Option<&PyAny>, flags: u32) -> PyResult<&'py PyList> {
        let plan = &self.plan;
        let w = plan.words;
        let mut left = plan.left_free.clone();
        let mut right = plan.right_free.clone();
        self.or_bits(lo, start, 0, &mut left);
        self.or_bits(end, hi, 1, &mut right);
        let mut bits: Vec<u64> = left.iter().zip(&right).map(|(a, b)| a & b).collect();
        if let Some(among) = among {  // a Python int (rare: text dense with names)
            for (k, a) in bits.iter_mut().enumerate() {
                let word: u64 = among.call_method1("__rshift__", (64 * k,))?.call_method1("__and__", (u64::MAX,))?.extract()?;
                *a &= word;
            }
        }
        for (f, veto) in plan.vetoes.iter().enumerate() {
            if flags >> f & 1 == 1 {
                for (a, b) in bits.iter_mut().zip(veto) {
                    *a &= !b;
                }
            }
        }
        let out = PyList::empty(py);
        let (i, k) = (self.after(lo), self.after(start));
        let mut offs: Vec<usize> = Vec::new();
        for (word, &set) in bits.iter().enumerate() {
            let mut rest = set;
            while rest != 0 {
                let b = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let r = word * 64 + b;
                let rule = plan.rules[r].clone_ref(py);
                if plan.leading[word] >> b & 1 == 0 {
                    out.append(PyTuple::new(py, [rule, py.None()]))?;
                    continue;
                }
                offs.clear();
                for t in i..k {
                    let at = self.factor[t] * 3 * w + 2 * w + word;
                    if plan.bits[at] >> b & 1 == 1 && self.starts[t] >= lo {
                        offs.push(self.starts[t] - lo);
                    }
                }
                offs.sort_unstable();
                offs.dedup();
                out.append(PyTuple::new(py, [rule, PyList::new(py, &offs).into()]))?;
            }
        }
        Ok(out)
    }
}
