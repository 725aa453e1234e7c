# Sourced by ./llavalens and .ci/run: sets JAVA_HOME to a JDK 21+ or fails with a clear message.
# The Eclipse platform of this product needs Java 21 or newer; Debian bookworm's default is 17.

java_major() { # the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}

find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*)
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(java_major "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}

if jdk_found=$(find_jdk); then
  export JAVA_HOME="$jdk_found"
else
  echo "llavalens: a JDK 21 or newer is needed (the Eclipse platform requires it); install one (e.g. Temurin 25) and set JAVA_HOME" >&2
  exit 1
fi
