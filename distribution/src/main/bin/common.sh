# Shared by the bin/ scripts: finds the installation and a Java 17+ runtime.
JAMESFIX_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=$(command -v java || true)
fi
if [ -z "$JAVA" ]; then
  echo "$(basename "$0"): Java not found. Install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME." >&2
  exit 1
fi
java_major=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "$(basename "$0"): $JAVA is Java ${java_major:-of unknown version}; Jamesfix needs Java 17 or newer (set JAVA_HOME)." >&2
  exit 1
fi
