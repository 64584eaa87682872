#!/bin/bash
# detente sweep --mpi: `mpirun -np 2` must write the same bytes as one
# process (JSON and --draws-out). Usage: sweep_mpi.sh DETENTE MPIEXEC SRCDIR
set -eu
dt=$1 mpiexec=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
args=(scenarios/anchorage-2025.yaml --draws 101 --seed 4242 --drop-each
      --format json --quiet)
"$dt" sweep "${args[@]}" --threads 2 -o "$tmp/one.json" \
    --draws-out "$tmp/one.csv"
# Open MPI's own start-up allocations are never freed (LeakSanitizer lists
# them from libmpi and its plugins); the single-process run above and the
# unit tests check detente's code for leaks, so the MPI runs do not.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
"$mpiexec" --allow-run-as-root --oversubscribe -np 2 \
    "$dt" sweep "${args[@]}" --mpi -o "$tmp/mpi.json" \
    --draws-out "$tmp/mpi.csv"
cmp "$tmp/one.json" "$tmp/mpi.json"
cmp "$tmp/one.csv" "$tmp/mpi.csv"
# Three ranks with one thread each: uneven slices, same bytes.
"$mpiexec" --allow-run-as-root --oversubscribe -np 3 \
    "$dt" sweep "${args[@]}" --mpi --threads 1 -o "$tmp/mpi3.json"
cmp "$tmp/one.json" "$tmp/mpi3.json"
# --memory keeping 13 of 101 draws: the ranks' exact sums of the other
# draws merged on rank 0 give the same bytes as one process.
"$dt" sweep "${args[@]}" --memory 20K --threads 1 -o "$tmp/one-m.json"
grep -q '"draws_kept": 1[0-9],' "$tmp/one-m.json"
"$mpiexec" --allow-run-as-root --oversubscribe -np 3 \
    "$dt" sweep "${args[@]}" --memory 20K --mpi --threads 1 -o "$tmp/mpi-m.json"
cmp "$tmp/one-m.json" "$tmp/mpi-m.json"
# --sobol --mpi: the base rows split across ranks, the indices computed
# on rank 0 from every row: the same bytes as one process (with the
# analysis's outputs and grouped indices, 2 and 3 ranks).
sargs=(scenarios/anchorage-2025.yaml --sobol --draws 12 --seed 99
       --analysis on --group-by actor --format json --quiet)
"$dt" sweep "${sargs[@]}" --threads 2 -o "$tmp/sobol1.json"
"$mpiexec" --allow-run-as-root --oversubscribe -np 2 \
    "$dt" sweep "${sargs[@]}" --mpi -o "$tmp/sobol2.json"
"$mpiexec" --allow-run-as-root --oversubscribe -np 3 \
    "$dt" sweep "${sargs[@]}" --mpi --threads 1 -o "$tmp/sobol3.json"
cmp "$tmp/sobol1.json" "$tmp/sobol2.json"
cmp "$tmp/sobol1.json" "$tmp/sobol3.json"
grep -q '"group_by": *"actor"' "$tmp/sobol1.json"
echo "mpi sweep and sobol: byte-identical"
