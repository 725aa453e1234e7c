#!/usr/bin/env bash
# Steps of the p2 install test (see pom.xml): copy the product, then check what an installed or
# uninstalled plugin looks like from the outside: the bundle in the p2-managed bundles.info and the
# method in `llavalens methods` of the installed product itself; last, start the product's workbench.
set -euo pipefail
step=$1

run_product() { # run the headless application of the product in folder $1 with arguments $2...
  local dir=$1 jar
  shift
  jar=$(ls "$dir"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)
  "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -Dai.djl.offline=true -jar "$jar" -nosplash \
    -configuration "$dir/configuration" -data @none -application org.llavalens.headless.app "$@"
}

methods_of() { # the `methods` listing of the product in folder $1
  run_product "$1" methods
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
    # The plugin's method runs through `analyze` like a built-in one, on the demo model the build generated.
    demo="$3"
    out="$(dirname "$2")/analyze-rollout"
    rm -rf "$out"
    run_product "$2" analyze --model "$demo/llava" --image "$demo/scenes/scene-0000.png" \
      --question "What is the color of the bird?" --answer-prefix "The color of the bird is" \
      --methods logprob-increase,rollout --max-new-tokens 0 --out "$out"
    [ -s "$out/heatmap_rollout.png" ] || { echo "install-test: analyze wrote no rollout heatmap" >&2; exit 1; }
    grep -q '"rollout"' "$out/result.json" || { echo "install-test: result.json has no rollout result" >&2; exit 1; }
    echo "install-test: analyze --methods rollout wrote its heatmap"
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
  expect-workbench)
    # The workbench of the product as shipped: it starts, opens the demo project and every view, and
    # analyses the first case (DJL natives, the demo model, the planted head); see StartupCheck.
    dir=$2 home=$3 out=$4
    rm -rf "$out"
    mkdir -p "$out"
    jar=$(ls "$dir"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)
    cmd=("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -Xmx4g -Dai.djl.offline=true
      --enable-native-access=ALL-UNNAMED -Dllavalens.home="$home" -Dllavalens.demoProject="$out/demo-project"
      -Dllavalens.startupCheck="$out/startup.txt" -jar "$jar" -nosplash -configuration "$dir/configuration"
      -data "$out/workspace" -application org.llavalens.ui.workbench)
    if [ -z "${DISPLAY:-}" ]; then
      command -v xvfb-run >/dev/null || { echo "install-test: no display and no xvfb-run for the workbench check" >&2; exit 1; }
      cmd=(xvfb-run -a -s "-screen 0 1600x1200x24" "${cmd[@]}")
    fi
    timeout 600 "${cmd[@]}" > "$out/workbench.log" 2>&1 \
      || { tail -40 "$out/workbench.log" >&2; echo "install-test: the workbench did not start and stop cleanly" >&2; exit 1; }
    [ -s "$out/startup.txt" ] || { tail -40 "$out/workbench.log" >&2; echo "install-test: the workbench wrote no startup report" >&2; exit 1; }
    cat "$out/startup.txt"
    if grep -E '^(error|view-failed|logged-error)=' "$out/startup.txt" >&2; then
      echo "install-test: the workbench reported the failures above" >&2; exit 1
    fi
    for view in navigator canvas heads tokens positions labelling compare agreement; do
      grep -q "^view=org.llavalens.ui.views.$view " "$out/startup.txt" \
        || { echo "install-test: the workbench did not open view $view" >&2; exit 1; }
    done
    expected=$(sed -n 's/^expected=//p' "$out/startup.txt")
    answer=$(sed -n 's/^answer=//p' "$out/startup.txt")
    [ -n "$answer" ] && [ "$answer" = "$expected" ] \
      || { echo "install-test: the workbench answered '$answer', expected '$expected'" >&2; exit 1; }
    grep -q '^top-head=2_5$' "$out/startup.txt" \
      || { echo "install-test: the demo's planted head 2_5 is not the top head" >&2; exit 1; }
    echo "install-test: the product's workbench opened every view and analysed the first demo case"
    ;;
  *) echo "install-test: unknown step $step" >&2; exit 2 ;;
esac
