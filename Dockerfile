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
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4 libsqlite3-0 ca-certificates tzdata libstdc++6 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/bulwark --create-home bulwark
COPY --from=build /usr/local/bin/bulwark /usr/local/bin/bulwark
USER bulwark
VOLUME /var/lib/bulwark
EXPOSE 8080
# Listening on 0.0.0.0, every request needs an API key (docs/SECURITY.md): mount a config with
# auth.keys (from `bulwark key`) and point BULWARK_CONFIG at it.
ENTRYPOINT ["/usr/local/bin/bulwark", "serve", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/var/lib/bulwark"]
