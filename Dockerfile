# deploysim's container image: a static binary on a distroless base, run
# as a non-root user (uid 65532, as deploysim k8s job's securityContext
# expects). UNTESTED here: the machines this project is built on run no
# container engine, so this file has never been built by us. Build it
# where one runs:
#
#   docker build --build-arg VERSION=v1.0.0 -t registry.example/deploysim:v1.0.0 .
#   docker run --rm registry.example/deploysim:v1.0.0 version
#
# Shards merge only with parts from the same build (deploysim merge
# checks the version, the Go release and the platform), so run the
# shards and the merge from one image tag.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /deploysim ./cmd/deploysim

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /deploysim /usr/local/bin/deploysim
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/deploysim"]
