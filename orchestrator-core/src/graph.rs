//! [`Graph`]: an orchestrator's dependency graph, for people (Graphviz DOT, Mermaid) and for the
//! async lifecycle (levels of components that may start together).

use core::fmt::Write as _;

use crate::Orchestrator;

/// The components of an orchestrator and the `after(...)` edges between them.
///
/// ```
/// use orchestrator::Graph;
///
/// let graph = Graph::new("Shop", &["db", "cache", "web"], &[&[], &[0], &[0, 1]]);
/// assert_eq!(graph.levels(), vec![0, 1, 2]);
/// assert_eq!(graph.to_mermaid(), "graph TD\n    db --> cache\n    db --> web\n    cache --> web\n");
/// assert!(graph.to_dot().contains("\"db\" -> \"cache\";"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Graph {
    name: &'static str,
    components: &'static [&'static str],
    dependencies: &'static [&'static [usize]],
}

impl Graph {
    /// The graph of `T`.
    #[must_use]
    pub fn of<T: Orchestrator + ?Sized>() -> Self {
        Self::new(T::NAME, T::COMPONENTS, T::DEPENDENCIES)
    }

    /// The graph of an async orchestrator `T`.
    #[must_use]
    pub fn of_async<T: crate::AsyncOrchestrator + ?Sized>() -> Self {
        Self::new(T::NAME, T::COMPONENTS, T::DEPENDENCIES)
    }

    /// A graph from its parts: component names in initialization order and, per component, the
    /// indices of the components it comes after.
    #[must_use]
    pub fn new(
        name: &'static str,
        components: &'static [&'static str],
        dependencies: &'static [&'static [usize]],
    ) -> Self {
        Self { name, components, dependencies }
    }

    /// The components in initialization order.
    #[must_use]
    pub fn components(&self) -> &'static [&'static str] {
        self.components
    }

    /// The indices of the components `index` comes after.
    #[must_use]
    pub fn dependencies_of(&self, index: usize) -> &'static [usize] {
        self.dependencies.get(index).copied().unwrap_or(&[])
    }

    /// The edges `(from, to)`: `to` is initialized after `from`.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.components.len()).flat_map(move |to| self.dependencies_of(to).iter().map(move |&from| (from, to)))
    }

    /// Each component's level: 0 for no dependency, else one more than its deepest dependency.
    /// Components of one level may initialize together. Dependencies always come earlier in
    /// initialization order, so one pass suffices.
    #[must_use]
    pub fn levels(&self) -> Vec<usize> {
        let mut levels = vec![0; self.components.len()];
        for index in 0..levels.len() {
            levels[index] =
                self.dependencies_of(index).iter().filter(|&&d| d < index).map(|&d| levels[d] + 1).max().unwrap_or(0);
        }
        levels
    }

    /// Component `index` and every component that depends on it, directly or through others
    /// (its transitive dependents), as a mask in initialization order: what a restart of
    /// `index` cleans up (in reverse) and initializes again (in order). Dependencies always
    /// come earlier in initialization order, so one forward pass suffices.
    ///
    /// ```
    /// use orchestrator::Graph;
    /// // db <- cache <- web, and a metrics component on its own
    /// let graph = Graph::new("Shop", &["db", "metrics", "cache", "web"], &[&[], &[], &[0], &[2]]);
    /// assert_eq!(graph.dependents(0), [true, false, true, true]);
    /// assert_eq!(graph.dependents(2), [false, false, true, true]);
    /// assert_eq!(graph.dependents(1), [false, true, false, false]);
    /// ```
    #[must_use]
    pub fn dependents(&self, index: usize) -> Vec<bool> {
        let mut set = vec![false; self.components.len()];
        if let Some(first) = set.get_mut(index) {
            *first = true;
        }
        for later in index.saturating_add(1)..set.len() {
            set[later] = self.dependencies_of(later).iter().any(|&d| d < later && set[d]);
        }
        set
    }

    /// Graphviz DOT text: `dot -Tsvg` draws it.
    #[must_use]
    pub fn to_dot(&self) -> String {
        let mut out = format!("digraph \"{}\" {{\n    rankdir=LR;\n", self.name);
        for name in self.components {
            let _ = writeln!(out, "    \"{name}\";");
        }
        for (from, to) in self.edges() {
            let _ = writeln!(out, "    \"{}\" -> \"{}\";", self.components[from], self.components[to]);
        }
        out.push_str("}\n");
        out
    }

    /// Mermaid flowchart text, for Markdown that renders Mermaid.
    #[must_use]
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("graph TD\n");
        let id = |name: &str| name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_");
        let mut linked = vec![false; self.components.len()];
        for (from, to) in self.edges() {
            linked[from] = true;
            linked[to] = true;
            let _ = writeln!(out, "    {} --> {}", node(&id, self.components[from]), node(&id, self.components[to]));
        }
        for (index, name) in self.components.iter().enumerate() {
            if !linked[index] {
                let _ = writeln!(out, "    {}", node(&id, name));
            }
        }
        out
    }
}

/// A Mermaid node: the bare name when it is a valid id, else `id["name"]`.
fn node(id: &impl Fn(&str) -> String, name: &str) -> String {
    let clean = id(name);
    if clean == name { clean } else { format!("{clean}[\"{name}\"]") }
}
