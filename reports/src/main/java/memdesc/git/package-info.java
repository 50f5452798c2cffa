/**
 * Memdesc conversion progress measured in real kernel git trees, with JGit and without a checkout.
 * Entry point: {@link memdesc.git.Progress}.
 *
 * <p>What is counted, for each ref and probe, is what {@code git grep -c -E REGEX REF -- GLOBS}
 * reports summed over files (git 2.39, checked by the tests against the real binary):
 * <ul>
 * <li>Files: regular blobs (not symlinks, not submodules) whose full path matches an --include glob,
 * default {@code *.c} and {@code *.h}. Globs are plain git pathspecs: {@code *} and {@code ?} match
 * across {@code /} ({@code *.c} at any depth, {@code mm/*.c} also in {@code mm/damon/}), {@code [..]}
 * classes, {@code \x} literal; a glob without a wildcard names a file or a whole directory.
 * <li>Lines: split on {@code \n}; a final line without one counts; {@code \r} stays in the line.
 * Files with a NUL byte are counted too: {@code git grep -c} counts "binary" files' lines
 * (its "Binary file matches" message is for the non-count output only).
 * <li>Regex: POSIX ERE as glibc compiles it for git in the C locale, byte by byte (see {@code Ere}):
 * {@code .} matches neither newline nor NUL, GNU {@code \b \B \< \> \w \W \s \S} are supported, an
 * unknown escape {@code \n} is the letter n, a backslash inside brackets is literal. Constructs glibc
 * rejects, and back-references and buffer anchors, are refused with one line naming the probe.
 * In a UTF-8 locale git matches {@code .} and classes per character, not per byte: counts can differ
 * only on lines with non-ASCII text where a probe's {@code .} or class meets a multibyte character.
 * <li>git's look-ahead quirk is reproduced: for a probe matching an empty line ({@code ^$}), a file
 * ending in a newline whose last line does not match gets one more count.
 * </ul>
 */
package memdesc.git;
