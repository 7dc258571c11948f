package org.jamesfix.table.regexp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a folded key, which of a fixed set of literals it contains (an
 * Aho-Corasick automaton over byte chars, built once at open). The table then skips every rule
 * whose required literal is absent: such a rule's pattern cannot match, so first-match answers are
 * unchanged. Immutable and thread-safe; each call returns a fresh bit set.
 */
final class LiteralPrefilter {
    /** Per state: sorted transition labels and targets. */
    private final char[][] labels;
    private final int[][] targets;
    private final int[] failure;
    /** Per state: literal ids ending here (including those reached through failure links). */
    private final int[][] outputs;
    private final int literalCount;

    private LiteralPrefilter(char[][] labels, int[][] targets, int[] failure, int[][] outputs, int literalCount) {
        this.labels = labels;
        this.targets = targets;
        this.failure = failure;
        this.outputs = outputs;
        this.literalCount = literalCount;
    }

    /** An automaton for {@code literals} (non-empty, already folded); literal i gets id i. */
    static LiteralPrefilter of(List<String> literals) {
        List<Map<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        trie.add(new HashMap<>());
        ends.add(new ArrayList<>());
        for (int id = 0; id < literals.size(); id++) {
            int state = 0;
            for (char c : literals.get(id).toCharArray()) {
                Integer next = trie.get(state).get(c);
                if (next == null) {
                    next = trie.size();
                    trie.add(new HashMap<>());
                    ends.add(new ArrayList<>());
                    trie.get(state).put(c, next);
                }
                state = next;
            }
            ends.get(state).add(id);
        }
        int size = trie.size();
        char[][] labels = new char[size][];
        int[][] targets = new int[size][];
        for (int s = 0; s < size; s++) {
            List<Character> keys = new ArrayList<>(trie.get(s).keySet());
            keys.sort(null);
            labels[s] = new char[keys.size()];
            targets[s] = new int[keys.size()];
            for (int k = 0; k < keys.size(); k++) {
                labels[s][k] = keys.get(k);
                targets[s][k] = trie.get(s).get(keys.get(k));
            }
        }
        // Breadth-first: failure links and merged outputs.
        int[] failure = new int[size];
        int[][] outputs = new int[size][];
        outputs[0] = ends.get(0).stream().mapToInt(Integer::intValue).toArray();
        int[] queue = new int[size];
        int head = 0;
        int tail = 0;
        for (int t : targets[0]) {
            failure[t] = 0;
            queue[tail++] = t;
        }
        while (head < tail) {
            int s = queue[head++];
            int[] own = ends.get(s).stream().mapToInt(Integer::intValue).toArray();
            int[] inherited = outputs[failure[s]];
            int[] merged = Arrays.copyOf(own, own.length + inherited.length);
            System.arraycopy(inherited, 0, merged, own.length, inherited.length);
            outputs[s] = merged;
            for (int k = 0; k < labels[s].length; k++) {
                int child = targets[s][k];
                int f = failure[s];
                int next;
                while ((next = step(labels, targets, f, labels[s][k])) < 0 && f != 0) {
                    f = failure[f];
                }
                failure[child] = next >= 0 ? next : 0;
                queue[tail++] = child;
            }
        }
        return new LiteralPrefilter(labels, targets, failure, outputs, literals.size());
    }

    private static int step(char[][] labels, int[][] targets, int state, char c) {
        int k = Arrays.binarySearch(labels[state], c);
        return k >= 0 ? targets[state][k] : -1;
    }

    /** Bits of the literals that occur in {@code foldedKey}. */
    long[] present(String foldedKey) {
        long[] found = new long[(literalCount + 63) >>> 6];
        int state = 0;
        for (int i = 0; i < foldedKey.length(); i++) {
            char c = foldedKey.charAt(i);
            int next;
            while ((next = step(labels, targets, state, c)) < 0 && state != 0) {
                state = failure[state];
            }
            state = next >= 0 ? next : 0;
            for (int id : outputs[state]) {
                found[id >>> 6] |= 1L << id;
            }
        }
        return found;
    }
}
