#!/usr/bin/env bash
# Steps of the p2 install test (see pom.xml): copy the product, then check what an installed or
# uninstalled plugin looks like from the outside: the bundle in the p2-managed bundles.info and the
# method in `llavalens methods` of the installed product itself.
set -euo pipefail
step=$1

methods_of() { # the `methods` listing of the product in folder $1
  local jar
  jar=$(ls "$1"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)
  "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -Dai.djl.offline=true -jar "$jar" -nosplash \
    -configuration "$1/configuration" -data @none -application org.llavalens.headless.app methods
}

case "$step" in
  copy)
    rm -rf "$3"
    mkdir -p "$(dirname "$3")"
    cp -a "$2" "$3"
    echo "install-test: product copied to $3"
    ;;
  expect-installed)
    grep -q '^org.llavalens.examples.rollout,' "$2/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info" \
      || { echo "install-test: the rollout bundle is not in bundles.info after install" >&2; exit 1; }
    listing=$(methods_of "$2")
    echo "$listing"
    grep -q '^rollout ' <<<"$listing" || { echo "install-test: 'rollout' is not among the installed product's methods" >&2; exit 1; }
    echo "install-test: installed from the update site; the product offers 'rollout'"
    ;;
  expect-uninstalled)
    if grep -q '^org.llavalens.examples.rollout,' "$2/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"; then
      echo "install-test: the rollout bundle is still in bundles.info after uninstall" >&2; exit 1
    fi
    listing=$(methods_of "$2")
    if grep -q '^rollout ' <<<"$listing"; then echo "install-test: 'rollout' still listed after uninstall" >&2; exit 1; fi
    grep -q '^logprob-increase ' <<<"$listing" || { echo "install-test: built-in methods missing after uninstall" >&2; exit 1; }
    echo "install-test: uninstalled cleanly; built-in methods remain"
    ;;
  *) echo "install-test: unknown step $step" >&2; exit 2 ;;
esac
