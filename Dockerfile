# Build with the Swift toolchain image, run on a slim Debian with the runtime libraries.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4-openssl-dev libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product bulwark --static-swift-stdlib \
    && cp "$(swift build -c release --product bulwark --static-swift-stdlib --show-bin-path)/bulwark" /usr/local/bin/bulwark

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4 libsqlite3-0 ca-certificates tzdata libstdc++6 curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/bulwark --create-home bulwark
COPY --from=build /usr/local/bin/bulwark /usr/local/bin/bulwark
USER bulwark
VOLUME /var/lib/bulwark
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD curl -fsS -o /dev/null http://127.0.0.1:8080/livez || exit 1
# Listening on 0.0.0.0, every request needs an API key (docs/SECURITY.md): mount a config with
# auth.keys (from `docker run --rm --entrypoint bulwark IMAGE key --id ops --role admin`),
# readable by the image's user `bulwark`, and point BULWARK_CONFIG at it.
ENTRYPOINT ["/usr/local/bin/bulwark", "serve", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/var/lib/bulwark"]
