"""The HTTP routes: one module per topic, each with one ``APIRouter``, mounted by :func:`sarcoma.api.main.create_app`.

``staging``, ``grading``, ``treatments``, ``prognosis``, ``kb`` and ``meta`` answer JSON under ``/api/v1`` and
give every 4xx/5xx answer one shape, :class:`sarcoma.api.schemas.ApiError`; ``fhir`` (``/fhir/r4/$stage``,
needs the ``fhir`` extra) answers FHIR JSON and its errors as a FHIR ``OperationOutcome``, as FHIR requires.
"""
