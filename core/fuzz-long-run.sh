#!/bin/sh
# The long fuzz run (docs/fuzzing.md): every target under Jazzer in fuzzing mode, one JVM each
# (Jazzer fuzzes one target per JVM), 1,000,000 inputs each (@FuzzTest maxExecutions).
# Jazzer turns a target's @Timeout into libFuzzer's per-input -timeout; JUnit's own timeout,
# which would stop the whole fuzzing session, is switched off.
# Usage, from the repository root: sh core/fuzz-long-run.sh [Class#method ...]
# Logs: core/target/fuzz-logs/; findings: core/src/test/resources/.../<Class>Inputs/<method>/.
set -u
TARGETS="${*:-AddressFuzzTest#smtpPath AddressFuzzTest#emailAddress AddressFuzzTest#addressTokens
  AddressFuzzTest#resolver ConfigFuzzTest#mainCf ConfigFuzzTest#expander TextTableFuzzTest#source
  CidrTableFuzzTest#table PatternFuzzTest#posix PatternFuzzTest#pcre PatternFuzzTest#regexpTable
  PatternFuzzTest#pcreTable InlineTableFuzzTest#braces InlineTableFuzzTest#spec SaslFuzzTest#base64
  SaslFuzzTest#dialogue}"
LOGS=core/target/fuzz-logs
mkdir -p "$LOGS"
status=0
for target in $TARGETS; do
    log="$LOGS/$(echo "$target" | tr '#' '.').log"
    start=$(date +%s)
    JAZZER_FUZZ=1 mvn -o -B -ntp test -pl core -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1
    result=$?
    [ $result -eq 0 ] || status=1
    done_line=$(grep -a '^Done ' "$log" | tail -1)
    cov=$(grep -a 'DONE  \|pulse  ' "$log" | tail -1 | sed 's/.*\(cov: [0-9]*\).*\(corp: [^ ]*\).*/\1 \2/')
    echo "$target: exit $result, $done_line, $cov, wall $(( $(date +%s) - start ))s"
done
exit $status
