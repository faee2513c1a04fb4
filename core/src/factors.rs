//! The rule filter's pass (`citetrack.prefilter.RuleFilter.occurrences`): where the literal
//! strings the rules need occur in the lower-cased windows around an article's mentions, with the
//! rules each occurrence makes possible. Every occurrence is reported (overlapping), in the order
//! of their ends, in code points, as pyahocorasick reports them; the values (their lengths and the
//! rule bits, Python ints) are handed back as they were given.
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pyo3::prelude::*;
use pyo3::types::PyList;

#[pyclass(module = "citetrack_core")]
pub struct Factors {
    ac: AhoCorasick<u32>,
    /// per factor: (its length in code points, left bits, right bits, lead bits)
    values: Vec<(usize, PyObject, PyObject, PyObject)>,
}

#[pymethods]
impl Factors {
    /// ``factors``: (the lower-case string, its length, left, right, lead rule bits).
    #[new]
    fn new(factors: Vec<(String, usize, PyObject, PyObject, PyObject)>) -> PyResult<Self> {
        let pats: Vec<&String> = factors.iter().map(|f| &f.0).collect();
        let ac = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).dfa(true).build_with_size::<u32, _, _>(pats)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        Ok(Factors { ac, values: factors.into_iter().map(|(_, n, l, r, d)| (n, l, r, d)).collect() })
    }

    /// (starts, ends, left, right, lead) of every occurrence inside the spans (code points of
    /// ``lowered``, disjoint and in order), by end; within one end, the longest first.
    fn occurrences<'py>(&self, py: Python<'py>, lowered: &str, spans: Vec<(usize, usize)>) -> PyResult<&'py PyList> {
        let ascii = lowered.is_ascii();
        let byte_of: Vec<usize> = if ascii { Vec::new() } else { lowered.char_indices().map(|(b, _)| b).chain([lowered.len()]).collect() };
        let mut all: Vec<(usize, usize, usize)> = Vec::new(); // (end, length, factor) of every occurrence
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (lo, hi) in spans {
            let (blo, bhi) = if ascii { (lo, hi) } else { (byte_of[lo.min(byte_of.len() - 1)], byte_of[hi.min(byte_of.len() - 1)]) };
            found.clear();
            for m in self.ac.find_overlapping_iter(&lowered.as_bytes()[blo..bhi]) {
                let v = &self.values[m.pattern()];
                let end_b = blo + m.end();
                let end = if ascii { end_b } else { byte_of.partition_point(|&b| b < end_b) };
                found.push((end, v.0, m.pattern()));
            }
            // pyahocorasick: by end, the longest first at one end
            found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            all.extend_from_slice(&found);
        }
        // each list made at its full length at once (not grown by appends)
        let starts = PyList::new(py, all.iter().map(|&(end, n, _)| end - n));
        let ends = PyList::new(py, all.iter().map(|&(end, _, _)| end));
        let left = PyList::new(py, all.iter().map(|&(_, _, p)| self.values[p].1.clone_ref(py)));
        let right = PyList::new(py, all.iter().map(|&(_, _, p)| self.values[p].2.clone_ref(py)));
        let lead = PyList::new(py, all.iter().map(|&(_, _, p)| self.values[p].3.clone_ref(py)));
        Ok(PyList::new(py, [starts, ends, left, right, lead]))
    }
}
